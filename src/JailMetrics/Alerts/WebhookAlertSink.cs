using System.Text.Json.Nodes;
using JailMetrics.Alerts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JailMetrics.Service.Alerts;

/// <summary>
/// The <c>webhook</c> notification target: POSTs one JSON object per firing or resolved transition of
/// a rule with <c>Notify: ["webhook"]</c> to every configured URL:
/// <c>{status, rule, jail, severity, value, threshold, startsAt, endsAt}</c> (endsAt null while firing).
/// Pending alerts send nothing, as for the other targets.
/// </summary>
public sealed class WebhookAlertSink : IAlertSink, IAsyncDisposable, IDisposable
{
    private readonly Uri[] _urls;
    private readonly HttpDelivery _delivery;
    /// <summary>When each firing alert started, so its resolved body can say so too.</summary>
    private readonly Dictionary<(string Rule, string Jail), DateTimeOffset> _startedAt = [];

    public WebhookAlertSink(IOptions<WebhookOptions> options, ILogger<WebhookAlertSink> logger)
        : this(options.Value, new HttpDelivery("webhook", options.Value.Timeout, logger))
    {
    }

    /// <summary>With a delivery of the caller's (tests shorten its backoff).</summary>
    public WebhookAlertSink(WebhookOptions options, HttpDelivery delivery)
    {
        _urls = AlertJson.Urls(options.Urls);
        _delivery = delivery;
    }

    public HttpDelivery Delivery => _delivery;

    public void OnTransition(AlertTransition transition)
    {
        if (_urls.Length == 0 || !transition.Rule.Notify.Contains(AlertNotifyTarget.Webhook)) return;
        if (transition.To is not (AlertState.Firing or AlertState.Resolved)) return;

        var key = (transition.Rule.Name, transition.Jail);
        bool firing = transition.To == AlertState.Firing;
        DateTimeOffset? startsAt;
        lock (_startedAt)
        {
            if (firing) _startedAt[key] = transition.Timestamp;
            startsAt = firing ? transition.Timestamp : _startedAt.Remove(key, out var start) ? start : null;
        }

        string body = new JsonObject
        {
            ["status"] = firing ? "firing" : "resolved",
            ["rule"] = transition.Rule.Name,
            ["jail"] = transition.Jail,
            ["severity"] = AlertJson.Severity(transition.Rule.Severity),
            ["value"] = AlertJson.Number(transition.Value),
            ["threshold"] = AlertJson.Number(transition.Threshold),
            ["startsAt"] = startsAt is { } s ? AlertJson.Time(s) : null,
            ["endsAt"] = firing ? null : AlertJson.Time(transition.Timestamp),
        }.ToJsonString();
        foreach (var url in _urls) _delivery.Enqueue(url, body);
    }

    /// <summary>
    /// Restored alerts are not posted again (a webhook has no timeout that would forget them); only
    /// their start is remembered, so that their resolved body still says when they began.
    /// </summary>
    public void OnRestored(IReadOnlyList<ActiveAlert> firing)
    {
        lock (_startedAt)
        {
            foreach (var alert in firing.Where(a => a.Rule.Notify.Contains(AlertNotifyTarget.Webhook)))
                _startedAt[(alert.Rule.Name, alert.Jail)] = alert.Since;
        }
    }

    public ValueTask DisposeAsync() => _delivery.DisposeAsync();

    public void Dispose() => _delivery.Dispose();
}
