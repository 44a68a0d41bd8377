using System.Threading.Channels;
using JailMetrics.Snmp.Mib;
using JailMetrics.Snmp.Notifications;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace JailMetrics.Snmp.AgentX;

/// <summary>
/// Sends notifications through the AgentX master (Notify, RFC 2741 §6.2.10), so the host's snmpd
/// delivers them to its own trap sinks. <see cref="TrySend"/> only enqueues (bounded, oldest dropped
/// first), so the sampler never waits on the master; while the sub-agent is not registered,
/// notifications are dropped and counted, as a trap to an absent receiver would be lost.
/// </summary>
public sealed partial class AgentXNotificationSender(AgentXSubagent subagent, ILogger<AgentXNotificationSender> logger)
    : BackgroundService, INotificationSender
{
    private const int QueueCapacity = 1000;

    private readonly Channel<Notification> _queue = Channel.CreateBounded<Notification>(
        new BoundedChannelOptions(QueueCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
    private long _sent;
    private long _dropped;

    /// <summary>Notifications the master accepted.</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Notifications lost: not registered, refused by the master, or timed out.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public bool TrySend(Notification notification) => _queue.Writer.TryWrite(notification);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var notification in _queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
                await DeliverAsync(notification, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down; what is still queued is dropped with the session.
        }
    }

    private async Task DeliverAsync(Notification notification, CancellationToken cancellationToken)
    {
        // The master prepends sysUpTime.0 itself when the Notify starts with snmpTrapOID.0.
        var varbinds = new List<(Oid, SnmpValue)>(1 + notification.Objects.Count)
        {
            (AgentXSubagent.SnmpTrapOidInstance, SnmpValue.ObjectIdentifier(notification.TrapOid)),
        };
        varbinds.AddRange(notification.Objects);
        try
        {
            await subagent.NotifyAsync(varbinds, cancellationToken).ConfigureAwait(false);
            Interlocked.Increment(ref _sent);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Interlocked.Increment(ref _dropped);
            LogDropped(notification.TrapOid.ToString(), e.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Notification {TrapOid} not sent through AgentX: {Reason}")]
    private partial void LogDropped(string trapOid, string reason);
}
