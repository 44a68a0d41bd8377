using System.Text.Json.Nodes;
using JailMetrics.Alerts;
using JailMetrics.Service.Alerts;
using Microsoft.Extensions.Logging.Abstractions;

namespace JailMetrics.Tests.Alerts;

/// <summary>
/// The Alertmanager sink against the real prometheus-alertmanager: a firing alert is listed by its
/// API with our labels, and after the resolve it is no longer active.
/// </summary>
public sealed class AlertmanagerLiveTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public void Dispose() => _http.Dispose();

    private async Task<JsonArray> ActiveAlertsAsync(string url) =>
        JsonNode.Parse(await _http.GetStringAsync($"{url}/api/v2/alerts?active=true&silenced=false&inhibited=false"))!.AsArray();

    private static async Task<T> Eventually<T>(Func<Task<T>> read, Func<T, bool> done, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var value = await read();
            if (done(value)) return value;
            if (DateTime.UtcNow > deadline) Assert.Fail($"{what} within {Patience}; last seen: {value}");
            await Task.Delay(200);
        }
    }

    [Fact]
    public async Task A_firing_alert_is_listed_with_its_labels_then_inactive_after_resolve()
    {
        await using var alertmanager = await AlertmanagerProcess.StartAsync(_http);
        var delivery = new HttpDelivery("Alertmanager", TimeSpan.FromSeconds(5), NullLogger.Instance, 3, TimeSpan.FromMilliseconds(100));
        await using var sink = new AlertmanagerAlertSink(
            new AlertmanagerOptions { Urls = [alertmanager.Url] }, TimeProvider.System, delivery);
        var rule = HttpAlertSinkTests.Rule("alertmanager");

        sink.OnTransition(HttpAlertSinkTests.Transition(rule, AlertState.Pending, AlertState.Firing, DateTimeOffset.UtcNow.AddSeconds(-5)));
        var active = await Eventually(() => ActiveAlertsAsync(alertmanager.Url), a => a.Count == 1, "the alert was not listed");
        var labels = active[0]!["labels"]!;
        Assert.Equal("too-many-procs", (string?)labels["alertname"]);
        Assert.Equal("web1", (string?)labels["name"]);
        Assert.Equal("critical", (string?)labels["severity"]);
        Assert.Equal("too-many-procs", (string?)labels["rule"]);
        Assert.Equal(Environment.MachineName, (string?)labels["instance"]);
        Assert.Equal("active", (string?)active[0]!["status"]!["state"]);

        sink.OnTransition(HttpAlertSinkTests.Transition(rule, AlertState.Firing, AlertState.Resolved, DateTimeOffset.UtcNow));
        await Eventually(() => ActiveAlertsAsync(alertmanager.Url), a => a.Count == 0, "the alert was still active after resolving");
        Assert.Equal(2, delivery.Sent);
        Assert.Equal(0, delivery.Failed);
    }
}
