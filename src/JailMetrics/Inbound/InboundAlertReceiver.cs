using System.Threading.Channels;
using JailMetrics.Alerts;
using JailMetrics.Rules;
using JailMetrics.Service.Alerts;
using JailMetrics.State;
using JailMetrics.Store;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JailMetrics.Service.Inbound;

/// <summary>
/// Turns alerts Alertmanager sends to the webhook into the same enforcement our own rules install.
/// The HTTP request only queues the parsed message (<see cref="TryEnqueue"/>); this worker applies it,
/// so a slow cgroup write never holds up Alertmanager. Idempotent per (fingerprint, route): a firing
/// alert is applied once however often it is sent, its resolve removes the limit (unless the route is
/// sticky, or another firing alert holds the same limit), and which alerts are applied survives a
/// restart (<see cref="AppliedInboundAlerts"/>). The limits themselves go through the platform's
/// enforcement sink: the same ledger, the same dry run, the same refusal to touch foreign limits.
/// </summary>
public sealed class InboundAlertReceiver : BackgroundService
{
    private readonly IReadOnlyList<InboundRoute> _routes;
    private readonly IEnforcementSink? _enforcer;
    private readonly SnapshotStore _store;
    private readonly InboundStats _stats;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly Channel<WebhookMessage> _queue;
    private readonly AppliedInboundAlerts _applied;

    public InboundAlertReceiver(IOptions<InboundOptions> options, PlatformEnforcement enforcement, IOptions<EnforcementOptions> enforcementOptions,
        SnapshotStore store, IOptions<StateOptions> state, InboundStats stats, TimeProvider clock, ILogger<InboundAlertReceiver> logger)
    {
        _routes = InboundRoute.Parse(options.Value.Routes, out _) ?? []; // validated at startup
        _enforcer = enforcement.Sink;
        _store = store;
        _stats = stats;
        _clock = clock;
        _logger = logger;
        _queue = Channel.CreateBounded<WebhookMessage>(new BoundedChannelOptions(options.Value.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait, // TryWrite then fails, and the request is answered 503
            SingleReader = true,
        });
        bool dryRun = enforcementOptions.Value.DryRun;
        _applied = new AppliedInboundAlerts(state.Value.Directory, logger, save: !dryRun);
        if (dryRun && _routes.Count > 0)
            _logger.LogInformation("Enforcement dry run: received alerts acted on are remembered until the service stops but not saved to {File}, so they apply for real once dry run is off",
                AppliedInboundAlerts.FileName);
        if (_enforcer is null && _routes.Count > 0)
            _logger.LogWarning("Inbound routes are configured, but this platform has no enforcer; received alerts will only be logged");
    }

    /// <summary>Queues a parsed message; false when the queue is full.</summary>
    public bool TryEnqueue(WebhookMessage message) => _queue.Writer.TryWrite(message);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var message in _queue.Reader.ReadAllAsync(stoppingToken))
            {
                foreach (var alert in message.Alerts)
                {
                    try
                    {
                        Handle(alert, message.Receiver);
                    }
                    catch (Exception e)
                    {
                        // One bad alert must not stop the worker: the next message still has to be handled.
                        _logger.LogError(e, "Inbound alert {Alertname} ({Fingerprint}) could not be handled", alert.Alertname, alert.Fingerprint);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: queued messages are lost; Alertmanager sends firing alerts again.
        }
    }

    /// <summary>Applies one received alert to every route that takes it.</summary>
    public void Handle(ReceivedAlert alert, string receiver)
    {
        var routes = _routes.Where(r => r.Matches(alert.Labels)).ToList();
        if (routes.Count == 0)
        {
            _logger.LogDebug("Inbound alert {Alertname} ({Fingerprint}) from receiver {Receiver}: no route takes it", alert.Alertname, alert.Fingerprint, receiver);
            _stats.Count(InboundAlertResult.Unmatched);
            return;
        }
        foreach (var route in routes)
            _stats.Count(alert.Firing ? Fire(alert, route) : Resolve(alert, route));
    }

    private InboundAlertResult Fire(ReceivedAlert alert, InboundRoute route)
    {
        if (_applied.Find(alert.Fingerprint, route.Name) is { } known)
        {
            _logger.LogDebug("Inbound alert {Alertname} ({Fingerprint}) on jail {Jail}: route {Route} applied {Rule} at {Since} already",
                alert.Alertname, alert.Fingerprint, known.Jail, route.Name, known.Enforcement, known.Since);
            return InboundAlertResult.Duplicate;
        }
        if (!alert.Labels.TryGetValue(route.JailLabel, out string? jail) || jail.Length == 0)
        {
            _logger.LogWarning("Inbound alert {Alertname} ({Fingerprint}) matches route {Route} but has no {Label} label naming the jail; ignored",
                alert.Alertname, alert.Fingerprint, route.Name, route.JailLabel);
            return InboundAlertResult.NoJailLabel;
        }
        if (_store.Latest.Find(jail) is not { Info.IsHost: false })
        {
            _logger.LogInformation("Inbound alert {Alertname} ({Fingerprint}) for jail {Jail}: no such jail runs here; route {Route} not applied",
                alert.Alertname, alert.Fingerprint, jail, route.Name);
            return InboundAlertResult.JailNotHere;
        }
        RctlRule rule;
        try
        {
            rule = route.Enforce.For(jail);
        }
        catch (FormatException e)
        {
            _logger.LogWarning("Inbound alert {Alertname} ({Fingerprint}): route {Route} cannot enforce {Template} on jail {Jail}: {Reason}",
                alert.Alertname, alert.Fingerprint, route.Name, route.Enforce.Text, jail, e.Message);
            return InboundAlertResult.InvalidJailName;
        }

        // Recorded first, as the ledgers do: a crash after the write must not leave a limit no resolve removes.
        var entry = new AppliedInboundAlert(alert.Fingerprint, route.Name, alert.Alertname, jail, rule.ToString(), route.Sticky, _clock.GetUtcNow());
        _applied.Add(entry);
        _logger.LogWarning("Inbound alert {Alertname} ({Fingerprint}) firing for jail {Jail}: route {Route} installs {Rule}",
            alert.Alertname, alert.Fingerprint, jail, route.Name, rule);
        var outcome = Enforce(entry, rule, firing: true);
        if (outcome is EnforcementOutcome.Refused or EnforcementOutcome.Failed)
        {
            // Not applied, so not remembered: Alertmanager resends a firing alert with every
            // notification, and each resend must try again rather than count as a duplicate.
            _applied.Remove(entry);
            _logger.LogWarning("Inbound alert {Alertname} ({Fingerprint}) for jail {Jail}: {Rule} was {Outcome}; it is tried again when Alertmanager resends the alert",
                alert.Alertname, alert.Fingerprint, jail, rule, outcome == EnforcementOutcome.Refused ? "refused" : "not installed");
            return Counted(outcome);
        }
        return InboundAlertResult.Applied;
    }

    private InboundAlertResult Resolve(ReceivedAlert alert, InboundRoute route)
    {
        if (_applied.Find(alert.Fingerprint, route.Name) is not { } entry)
        {
            _logger.LogDebug("Inbound alert {Alertname} ({Fingerprint}) resolved: route {Route} had applied nothing for it", alert.Alertname, alert.Fingerprint, route.Name);
            return InboundAlertResult.NotApplied;
        }
        _applied.Remove(entry);
        if (entry.Sticky)
        {
            _logger.LogInformation("Inbound alert {Alertname} ({Fingerprint}) resolved for jail {Jail}: route {Route} is sticky, {Rule} stays",
                alert.Alertname, alert.Fingerprint, entry.Jail, entry.Route, entry.Enforcement);
            return InboundAlertResult.KeptSticky;
        }
        if (_applied.OtherHolder(entry) is { } holder)
        {
            _logger.LogInformation("Inbound alert {Alertname} ({Fingerprint}) resolved for jail {Jail}: {Rule} stays, alert {Other} ({OtherFingerprint}) still holds it",
                alert.Alertname, alert.Fingerprint, entry.Jail, entry.Enforcement, holder.Alertname, holder.Fingerprint);
            return InboundAlertResult.StillHeld;
        }
        _logger.LogInformation("Inbound alert {Alertname} ({Fingerprint}) resolved for jail {Jail}: route {Route} removes {Rule}",
            alert.Alertname, alert.Fingerprint, entry.Jail, entry.Route, entry.Enforcement);
        var outcome = Enforce(entry, RctlRule.Parse(entry.Enforcement), firing: false);
        // A removal refused or failed is not retried: the alert is forgotten either way, since its
        // resolve is not resent. The enforcer has logged why; the counter shows it happened.
        return outcome is EnforcementOutcome.Refused or EnforcementOutcome.Failed ? Counted(outcome) : InboundAlertResult.Removed;
    }

    private static InboundAlertResult Counted(EnforcementOutcome outcome) =>
        outcome == EnforcementOutcome.Refused ? InboundAlertResult.Refused : InboundAlertResult.Failed;

    /// <summary>
    /// Hands the limit to the platform's enforcement sink as the transition of a stand-in rule named
    /// <c>inbound:&lt;route&gt;</c>, so it is installed, recorded and removed exactly as a rule's.
    /// </summary>
    private EnforcementOutcome Enforce(AppliedInboundAlert entry, RctlRule rule, bool firing)
    {
        if (_enforcer is null) return EnforcementOutcome.Nothing;
        var standIn = new AlertRule
        {
            Name = $"inbound:{entry.Route}",
            Index = -1,
            Jails = JailGlob.Exactly(entry.Jail),
            Resource = rule.Resource ?? throw new FormatException($"unknown resource in {rule}"),
            Threshold = new AbsoluteThreshold(0),
            Sticky = entry.Sticky,
        };
        string reason = $"alert {entry.Alertname} ({entry.Fingerprint}) from Alertmanager {(firing ? "fires" : "resolved")}";
        var transition = new AlertTransition(standIn, entry.Jail,
            firing ? AlertState.Inactive : AlertState.Firing, firing ? AlertState.Firing : AlertState.Resolved,
            double.NaN, double.NaN, _clock.GetUtcNow(), reason, rule);
        return _enforcer.Enforce(transition);
    }
}
