using System.Text.Json.Nodes;
using JailMetrics.Alerts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JailMetrics.Service.Alerts;

/// <summary>
/// The <c>alertmanager</c> notification target: posts alerts of rules with <c>Notify: ["alertmanager"]</c>
/// to every configured Alertmanager's API v2 (<c>POST /api/v2/alerts</c>). A firing alert is sent when
/// it fires and again every <see cref="AlertmanagerOptions.ResendInterval"/>, because Alertmanager
/// resolves by itself an alert without endsAt that it has not heard of for its resolve_timeout; a
/// resolved one is sent once with endsAt = now. Pending alerts are not sent: Prometheus does not
/// send them either, and Alertmanager would route them as firing.
/// </summary>
/// <remarks>
/// Alerts that were already firing when the service started (restored from the state file) are sent
/// again at once, with the startsAt they had, and then re-sent like the others: without that,
/// Alertmanager would resolve them after its resolve_timeout while they still fire.
/// </remarks>
public sealed class AlertmanagerAlertSink : IAlertSink, IAsyncDisposable, IDisposable
{
    private readonly Uri[] _endpoints;
    private readonly TimeProvider _clock;
    private readonly HttpDelivery _delivery;
    private readonly ITimer? _resend;
    private readonly Dictionary<(string Rule, string Jail), (AlertTransition Transition, DateTimeOffset StartsAt)> _firing = [];
    private readonly string _instance = Environment.MachineName;

    public AlertmanagerAlertSink(IOptions<AlertmanagerOptions> options, TimeProvider clock, ILogger<AlertmanagerAlertSink> logger)
        : this(options.Value, clock, new HttpDelivery("Alertmanager", options.Value.Timeout, logger))
    {
    }

    /// <summary>With a delivery of the caller's (tests shorten its backoff).</summary>
    public AlertmanagerAlertSink(AlertmanagerOptions options, TimeProvider clock, HttpDelivery delivery)
    {
        // The API path is appended to whatever prefix the operator gave (a reverse proxy's /alertmanager/).
        _endpoints = [.. AlertJson.Urls(options.Urls).Select(url => new Uri(url.AbsoluteUri.TrimEnd('/') + "/api/v2/alerts"))];
        _clock = clock;
        _delivery = delivery;
        if (_endpoints.Length > 0 && options.ResendInterval > TimeSpan.Zero)
            _resend = clock.CreateTimer(_ => Resend(), null, options.ResendInterval, options.ResendInterval);
    }

    public HttpDelivery Delivery => _delivery;

    public void OnTransition(AlertTransition transition)
    {
        if (_endpoints.Length == 0 || !transition.Rule.Notify.Contains(AlertNotifyTarget.Alertmanager)) return;
        var key = (transition.Rule.Name, transition.Jail);
        // Enqueued under the lock (enqueuing never blocks) so that a resend racing this resolve can
        // never land after it and make Alertmanager think the alert fires again.
        lock (_firing)
        {
            if (transition.To == AlertState.Firing)
            {
                _firing[key] = (transition, transition.Timestamp);
                Post([Alert(transition, transition.Timestamp, endsAt: null)]);
            }
            else if (transition.To == AlertState.Resolved)
            {
                DateTimeOffset? startsAt = _firing.Remove(key, out var firing) ? firing.StartsAt : null;
                Post([Alert(transition, startsAt, _clock.GetUtcNow())]);
            }
        }
    }

    public void OnRestored(IReadOnlyList<ActiveAlert> firing)
    {
        if (_endpoints.Length == 0) return;
        lock (_firing)
        {
            foreach (var alert in firing.Where(a => a.Rule.Notify.Contains(AlertNotifyTarget.Alertmanager)))
            {
                var transition = new AlertTransition(alert.Rule, alert.Jail, AlertState.Firing, AlertState.Firing, alert.Value, alert.Threshold,
                    alert.Since, "firing when the service last stopped", alert.Enforcement);
                _firing[(alert.Rule.Name, alert.Jail)] = (transition, alert.Since);
            }
        }
        Resend();
    }

    /// <summary>Sends every firing alert again, in one body per Alertmanager.</summary>
    public void Resend()
    {
        lock (_firing)
        {
            if (_firing.Count > 0) Post([.. _firing.Values.Select(f => Alert(f.Transition, f.StartsAt, endsAt: null))]);
        }
    }

    private void Post(JsonNode?[] alerts)
    {
        string body = new JsonArray(alerts).ToJsonString();
        foreach (var endpoint in _endpoints) _delivery.Enqueue(endpoint, body);
    }

    private JsonObject Alert(AlertTransition transition, DateTimeOffset? startsAt, DateTimeOffset? endsAt)
    {
        var rule = transition.Rule;
        var alert = new JsonObject
        {
            ["labels"] = new JsonObject
            {
                ["alertname"] = rule.Name,
                ["name"] = transition.Jail, // the jail label every jailmetrics series uses
                ["severity"] = AlertJson.Severity(rule.Severity),
                ["rule"] = rule.Name,       // as on jailmetrics_alert_active, so the two can be joined
                // Two hosts may run jails of the same name; without this Alertmanager would merge their alerts.
                ["instance"] = _instance,
            },
            ["annotations"] = new JsonObject
            {
                ["summary"] = $"{rule.Name} on jail {transition.Jail}",
                ["description"] = $"{rule}: value {transition.Value} against threshold {transition.Threshold} ({transition.Reason})",
            },
        };
        if (startsAt is { } start) alert["startsAt"] = AlertJson.Time(start);
        if (endsAt is { } end) alert["endsAt"] = AlertJson.Time(end);
        return alert;
    }

    public async ValueTask DisposeAsync()
    {
        if (_resend is not null) await _resend.DisposeAsync();
        await _delivery.DisposeAsync();
    }

    public void Dispose()
    {
        _resend?.Dispose();
        _delivery.Dispose();
    }
}
