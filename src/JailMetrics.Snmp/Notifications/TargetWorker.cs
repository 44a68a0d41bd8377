using System.Net;
using System.Threading.Channels;
using JailMetrics.Snmp.Protocol;
using Microsoft.Extensions.Logging;

namespace JailMetrics.Snmp.Notifications;

/// <summary>
/// Everything one target needs to receive notifications: its own bounded queue, socket and delivery
/// loop. Targets never share any of these, so an inform stuck waiting on one receiver cannot delay
/// another receiver's notifications; within a target, notifications go out in order.
/// </summary>
internal sealed class TargetWorker : IDisposable
{
    private readonly NotificationTarget _target;
    private readonly INotificationMessageFormat _format;
    private readonly Channel<VarBind[]> _queue;
    private readonly NotificationSocket _socket = new();
    private readonly InformExchange _informs;
    private readonly ILogger _logger;
    private IPEndPoint? _receiver;
    private bool _failing;

    public TargetWorker(NotificationTarget target, INotificationMessageFormat format, int queueCapacity, RequestIdSource requestIds,
        TimeProvider time, ILogger logger)
    {
        _target = target;
        _format = format;
        _logger = logger;
        Stats = new TargetNotificationStats(target.Name);
        // Drop-oldest: TrySend must never wait, and under a storm the latest state is worth more than the history.
        _queue = Channel.CreateBounded<VarBind[]>(
            new BoundedChannelOptions(queueCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ => Stats.NotificationDropped());
        _informs = new InformExchange(target, format, _socket, requestIds, Stats, time);
    }

    public NotificationTarget Target => _target;

    public TargetNotificationStats Stats { get; }

    /// <summary>Queues without waiting; false only once the worker has been stopped.</summary>
    public bool Enqueue(VarBind[] varBinds) => _queue.Writer.TryWrite(varBinds);

    /// <summary>No more notifications are accepted; what is queued is abandoned when the loop is cancelled.</summary>
    public void Complete() => _queue.Writer.TryComplete();

    public async Task RunAsync(CancellationToken stopping)
    {
        try
        {
            await foreach (var varBinds in _queue.Reader.ReadAllAsync(stopping).ConfigureAwait(false))
            {
                await DeliverAsync(varBinds, stopping).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopping: whatever is still queued is dropped with the process.
        }
    }

    public void Dispose() => _socket.Dispose();

    private async Task DeliverAsync(VarBind[] varBinds, CancellationToken stopping)
    {
        try
        {
            _receiver ??= await _target.Address.ResolveAsync(stopping).ConfigureAwait(false);
            if (!_target.Inform)
            {
                await _socket.SendAsync(_format.EncodeTrap(varBinds), _receiver, stopping).ConfigureAwait(false);
                Stats.TrapSent();
                Recovered();
                return;
            }

            var outcome = await _informs.DeliverAsync(varBinds, _receiver, stopping).ConfigureAwait(false);
            if (outcome.IsAcknowledged) Recovered();
            else Failed($"inform failed, {outcome.Failure}");
        }
        catch (Exception e) when (!stopping.IsCancellationRequested)
        {
            // A name that does not resolve, a datagram too big for UDP, a network that is down: counted,
            // and the next notification tries again (resolving the name afresh). Whatever it was, this
            // loop must survive it, or the target would silently stop receiving anything.
            Stats.SendError();
            _receiver = null;
            Failed($"cannot send: {e.Message}");
        }
    }

    private void Failed(string problem)
    {
        Stats.NotificationFailed();
        // Warn when a target starts failing, not for every notification it then loses.
        var level = _failing ? LogLevel.Debug : LogLevel.Warning;
        _failing = true;
        _logger.Log(level, "notification target {Target}: {Problem}", _target, problem);
    }

    private void Recovered()
    {
        if (!_failing) return;
        _failing = false;
        _logger.LogInformation("notification target {Target} is reachable again", _target);
    }
}
