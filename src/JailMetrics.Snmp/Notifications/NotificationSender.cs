using JailMetrics.Snmp.Mib;
using JailMetrics.Snmp.Protocol;
using JailMetrics.Snmp.Security;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JailMetrics.Snmp.Notifications;

/// <summary>
/// The notification originator (RFC 3413 §3.2): SNMPv2-Traps and InformRequests to every configured
/// target, v2c or v3/USM. <see cref="TrySend"/> stamps sysUpTime and hands the notification to each
/// target's own queue without waiting; one delivery loop per target drains it. Sends coldStart
/// (RFC 3418) when it starts. Register it as a hosted service and as <see cref="INotificationSender"/>.
/// </summary>
public sealed class NotificationSender : BackgroundService, INotificationSender
{
    private readonly IReadOnlyList<TargetWorker> _workers;
    private readonly SysUpTimeClock _upTime;
    private readonly bool _sendColdStart;
    private readonly ILogger _logger;
    private volatile bool _stopped;

    /// <param name="engine">This engine's identity and clock; required when a v3 target receives traps, which are sent with our engineID (RFC 3414 §1.5.1).</param>
    /// <param name="upTime">The sysUpTime the agent serves, so a receiver can compare both; a clock started now when not given.</param>
    /// <param name="secrets">Resolves v3 passwords from files and environment variables.</param>
    public NotificationSender(IOptions<NotificationOptions> options, ILogger<NotificationSender> logger, EngineState? engine = null,
        SysUpTimeClock? upTime = null, SecretResolver? secrets = null, TimeProvider? time = null)
        : this(options.Value, NotificationTarget.FromOptions(options.Value, secrets), logger, engine, upTime, time)
    {
    }

    internal NotificationSender(NotificationOptions options, IReadOnlyList<NotificationTarget> targets, ILogger logger,
        EngineState? engine = null, SysUpTimeClock? upTime = null, TimeProvider? time = null)
    {
        if (options.QueueCapacity < 1) throw new NotificationConfigurationException("Notifications:QueueCapacity must be at least 1");
        time ??= TimeProvider.System;
        _logger = logger;
        _upTime = upTime ?? new SysUpTimeClock(time);
        _sendColdStart = options.SendColdStart;
        var requestIds = new RequestIdSource();
        var salts = new SaltGenerator();
        _workers = targets
            .Select(target => new TargetWorker(target, NotificationMessageFormats.For(target, requestIds, engine, salts, time), options.QueueCapacity, requestIds, time, logger))
            .ToList();
        Stats = new NotificationStats(_workers.Select(worker => worker.Stats).ToList());
    }

    public NotificationStats Stats { get; }

    public bool TrySend(Notification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        if (_stopped || _workers.Count == 0) return false;

        // One array for every target: delivery only reads it.
        VarBind[] varBinds = NotificationVarBinds.Build(notification, _upTime.Hundredths);
        bool queued = false;
        foreach (var worker in _workers) queued |= worker.Enqueue(varBinds);
        return queued;
    }

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _logger.LogInformation("SNMP notifications to {Count} target(s): {Targets}", _workers.Count, string.Join(", ", _workers.Select(w => w.Target)));
        // RFC 3418 coldStart: "the SNMP entity ... is reinitializing itself and that its configuration may have been altered".
        if (_sendColdStart) TrySend(new Notification(NotificationOids.ColdStart));
        return base.StartAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(_workers.Select(worker => Task.Run(() => worker.RunAsync(stoppingToken), CancellationToken.None)));

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopped = true;
        foreach (var worker in _workers) worker.Complete();
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    public override void Dispose()
    {
        foreach (var worker in _workers) worker.Dispose();
        base.Dispose();
    }
}
