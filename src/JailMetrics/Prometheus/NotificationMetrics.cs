using JailMetrics.Service.Alerts;
using JailMetrics.Service.Inbound;
using JailMetrics.Snmp.Notifications;
using Microsoft.Extensions.Hosting;
using Prometheus;

namespace JailMetrics.Service.Prometheus;

/// <summary>
/// The notifiers' own counters on /metrics, read at each scrape (they are the notifiers' running
/// totals, so reading them costs nothing and is never stale):
/// <c>jailmetrics_notifications_{sent,failed,dropped,retried}_total{target="alertmanager|webhook|snmp"}</c>,
/// summed over a target's receivers, and the inbound webhook receiver's
/// <c>jailmetrics_inbound_alerts_total{result}</c> and <c>jailmetrics_inbound_requests_total{result}</c>.
/// Every series exists from the start at 0, so <c>rate()</c> and <c>increase()</c> see the first event.
/// </summary>
/// <remarks>
/// A hosted service only so that it is created when the service starts (before Kestrel serves the
/// first scrape) and not when the host is merely built: building it builds the SNMP sender and its
/// engine, which bumps snmpEngineBoots in the state directory, and <c>check-config</c> or
/// <c>collect</c> build the host without running it.
/// </remarks>
public sealed class NotificationMetrics : IHostedService
{
    private readonly (string Target, Func<Totals> Read)[] _targets;
    private readonly Counter _sent, _failed, _dropped, _retried, _inboundAlerts, _inboundRequests;
    private readonly InboundStats _inbound;

    /// <summary>One target's running totals.</summary>
    private readonly record struct Totals(long Sent, long Failed, long Dropped, long Retried);

    public NotificationMetrics(CollectorRegistry registry, AlertmanagerAlertSink alertmanager, WebhookAlertSink webhook,
        NotificationSender snmp, InboundStats inbound)
    {
        _inbound = inbound;
        _targets =
        [
            ("alertmanager", () => Of(alertmanager.Delivery)),
            ("webhook", () => Of(webhook.Delivery)),
            // Traps handed to the network and informs acknowledged; informs given up on and send errors, once each.
            ("snmp", () => new Totals(
                snmp.Stats.Targets.Sum(t => t.Delivered), snmp.Stats.Targets.Sum(t => t.Failed),
                snmp.Stats.Targets.Sum(t => t.Dropped), snmp.Stats.Targets.Sum(t => t.InformRetransmissions))),
        ];

        var factory = Metrics.WithCustomRegistry(registry);
        _sent = factory.CreateCounter("jailmetrics_notifications_sent_total",
            "Alert notifications delivered: HTTP bodies answered 2xx, SNMP traps sent and informs acknowledged", "target");
        _failed = factory.CreateCounter("jailmetrics_notifications_failed_total",
            "Alert notifications given up on after their last attempt, or refused for good", "target");
        _dropped = factory.CreateCounter("jailmetrics_notifications_dropped_total",
            "Alert notifications pushed out of a full queue before they were tried", "target");
        _retried = factory.CreateCounter("jailmetrics_notifications_retried_total",
            "Retries of alert notifications: HTTP POSTs tried again, SNMP informs retransmitted", "target");
        _inboundAlerts = factory.CreateCounter("jailmetrics_inbound_alerts_total",
            "Alerts received on the Alertmanager webhook, by what became of them (per route they matched)", "result");
        _inboundRequests = factory.CreateCounter("jailmetrics_inbound_requests_total",
            "Requests to the Alertmanager webhook, by how they were answered", "result");

        foreach (var (target, _) in _targets)
            foreach (var counter in new[] { _sent, _failed, _dropped, _retried }) counter.WithLabels(target);
        foreach (var result in Enum.GetValues<InboundAlertResult>()) _inboundAlerts.WithLabels(Label(result));
        foreach (var result in Enum.GetValues<InboundRequestResult>()) _inboundRequests.WithLabels(Label(result));

        registry.AddBeforeCollectCallback(Update);
    }

    private void Update()
    {
        foreach (var (target, read) in _targets)
        {
            var totals = read();
            _sent.WithLabels(target).IncTo(totals.Sent);
            _failed.WithLabels(target).IncTo(totals.Failed);
            _dropped.WithLabels(target).IncTo(totals.Dropped);
            _retried.WithLabels(target).IncTo(totals.Retried);
        }
        foreach (var result in Enum.GetValues<InboundAlertResult>()) _inboundAlerts.WithLabels(Label(result)).IncTo(_inbound[result]);
        foreach (var result in Enum.GetValues<InboundRequestResult>()) _inboundRequests.WithLabels(Label(result)).IncTo(_inbound[result]);
    }

    private static Totals Of(HttpDelivery delivery) => new(delivery.Sent, delivery.Failed, delivery.Dropped, delivery.Retried);

    /// <summary>KeptSticky → kept_sticky, the style of Prometheus label values.</summary>
    private static string Label<T>(T value) where T : struct, Enum =>
        string.Concat(value.ToString().Select((c, i) => char.IsUpper(c) ? (i > 0 ? "_" : "") + char.ToLowerInvariant(c) : c.ToString()));

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
