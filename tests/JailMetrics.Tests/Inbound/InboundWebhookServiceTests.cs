using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using JailMetrics.Testing;
using JailMetrics.Tests.Alerts;
using JailMetrics.Tests.Support;

namespace JailMetrics.Tests.Inbound;

/// <summary>
/// The Alertmanager webhook receiver in the real service, enforcing on a live sandbox's cgroup: the
/// same firing alert twice (and again after a restart) writes pids.max once, its resolve restores
/// it, a malformed body is refused with 400 and changes nothing; and a real prometheus-alertmanager
/// routing an alert pushed to its API to the service makes the same happen.
/// </summary>
public sealed class InboundWebhookServiceTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private const string Alertname = "JailTooManyProcs";

    private readonly string _stateDirectory = Directory.CreateTempSubdirectory("jailmetrics-inbound-").FullName;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly int _webPort = ServiceProcess.FreePort();

    public void Dispose()
    {
        _http.Dispose();
        Directory.Delete(_stateDirectory, recursive: true);
    }

    private string ServiceUrl => $"http://127.0.0.1:{_webPort}";

    private string WebhookUrl => ServiceUrl + "/api/v1/alertmanager/webhook";

    private ServiceProcess StartService() => ServiceProcess.Start(
        ["--web.listen-address", $"127.0.0.1:{_webPort}", "--state.directory", _stateDirectory, "--sampling.interval", "1s", "--snmp.enabled", "false"],
        new Dictionary<string, string>
        {
            ["JAILMETRICS_Inbound__Routes__0__Name"] = "cap-procs",
            ["JAILMETRICS_Inbound__Routes__0__Alertname"] = Alertname,
            ["JAILMETRICS_Inbound__Routes__0__Labels__team"] = "ops",
            ["JAILMETRICS_Inbound__Routes__0__Enforce"] = "jail:$name:maxproc:deny=10",
        });

    /// <summary>Starts the service and waits until it has sampled the sandbox, so the jail is known when alerts arrive.</summary>
    private async Task<ServiceProcess> StartServiceSeeingAsync(Sandbox sandbox)
    {
        var service = StartService();
        await service.WaitUntilServingAsync(_http, ServiceUrl + "/metrics", Patience);
        await WaitForMetricsAsync(s => s.Of("jail_info").Any(i => i["name"] == sandbox.Name), service);
        return service;
    }

    [Fact]
    public async Task A_firing_alert_posted_twice_and_again_after_a_restart_limits_once_and_its_resolve_lifts_it_while_bad_bodies_get_400()
    {
        using var sandbox = Sandbox.Start(new SandboxOptions { Processes = 3, Network = false });
        string pidsMax = PidsMax(sandbox);
        string firing = Message(sandbox.Name, "firing", "4a7e0c1f2b3d5e6f");

        using (var service = await StartServiceSeeingAsync(sandbox))
        {
            // Refused before anything is queued: not JSON, and JSON that is not a webhook message.
            var notJson = await PostAsync(WebhookUrl, "{\"alerts\": [");
            Assert.Equal(HttpStatusCode.BadRequest, notJson.Status);
            Assert.Contains("not JSON", notJson.Body, StringComparison.Ordinal);
            var badStatus = await PostAsync(WebhookUrl, firing.Replace("\"status\": \"firing\", \"labels\"", "\"status\": \"burning\", \"labels\"", StringComparison.Ordinal));
            Assert.Equal(HttpStatusCode.BadRequest, badStatus.Status);
            Assert.Contains("alerts[0].status must be \"firing\" or \"resolved\"", badStatus.Body, StringComparison.Ordinal);
            var tooLarge = await PostAsync(WebhookUrl, firing + new string(' ', 1 << 20)); // Inbound:MaxBodyBytes is 1 MiB
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.Status);
            Assert.Equal("max", File.ReadAllText(pidsMax).Trim());

            Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(WebhookUrl, firing)).Status);
            Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(WebhookUrl, firing)).Status);
            var scrape = await WaitForMetricsAsync(s => Inbound(s, "applied") + Inbound(s, "duplicate") == 2, service);
            Assert.Equal((1, 1), (Inbound(scrape, "applied"), Inbound(scrape, "duplicate")));
            Assert.Equal("10", File.ReadAllText(pidsMax).Trim());
            Assert.Single(LedgerEntriesFor(sandbox.Name));
            Assert.Single(Regex.Matches(service.StandardError, $@"applied jail:{sandbox.Name}:maxproc:deny=10\b"));

            // Malformed while the limit is in place: refused, and nothing moves.
            Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync(WebhookUrl, "[]")).Status);
            scrape = Exposition.Parse(await _http.GetStringAsync(ServiceUrl + "/metrics"));
            Assert.Equal((3.0, 2.0), (Requests(scrape, "invalid"), Requests(scrape, "accepted")));
            Assert.Equal("10", File.ReadAllText(pidsMax).Trim());
            Assert.Single(LedgerEntriesFor(sandbox.Name));
        }

        // A restart: the applied fingerprint is remembered, so Alertmanager's next send is a duplicate.
        using (var service = await StartServiceSeeingAsync(sandbox))
        {
            Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(WebhookUrl, firing)).Status);
            await WaitForMetricsAsync(s => Inbound(s, "duplicate") == 1, service);
            Assert.Equal("10", File.ReadAllText(pidsMax).Trim());
            Assert.DoesNotMatch($@"applied jail:{sandbox.Name}:maxproc", service.StandardError);

            Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(WebhookUrl, Message(sandbox.Name, "resolved", "4a7e0c1f2b3d5e6f"))).Status);
            var scrape = await WaitForMetricsAsync(s => Inbound(s, "removed") == 1, service);
            Assert.Equal("max", File.ReadAllText(pidsMax).Trim());
            Assert.Empty(LedgerEntriesFor(sandbox.Name));
            Assert.DoesNotContain("4a7e0c1f2b3d5e6f", File.ReadAllText(Path.Combine(_stateDirectory, "inbound-alerts.json")), StringComparison.Ordinal);

            // The notifier and receiver counters, in a page promtool accepts.
            foreach (string family in new[] { "sent", "failed", "dropped", "retried" })
                Assert.Equal(["alertmanager", "snmp", "webhook"], scrape.Of($"jailmetrics_notifications_{family}_total").Select(s => s["target"]!).Order());
            Assert.Equal("counter", scrape.Types["jailmetrics_inbound_alerts_total"]);
            var (exitCode, output) = Promtool.CheckMetrics(scrape.Text);
            Assert.True(exitCode == 0, output);
        }
    }

    [Fact]
    public void A_bad_route_stops_startup_with_exit_code_2_naming_its_key_and_fault()
    {
        string file = Path.Combine(_stateDirectory, "inbound.json");
        File.WriteAllText(file, """
            { "Inbound": { "Routes": [
                { "Name": "typo", "Alertname": "A", "Enforce": "jail:$name:memoryuze:deny=1g" },
                { "Name": "misspelt", "Alertnme": "B", "Enforce": "jail:$name:maxproc:deny=10" }
            ] } }
            """);

        var (exitCode, _, stderr) = ServiceProcess.Run("--config.file", file, "--state.directory", _stateDirectory);

        Assert.Equal(2, exitCode);
        Assert.Contains("Inbound:Routes:0: inbound route [0] \"typo\": Enforce: \"jail:$name:memoryuze:deny=1g\" at column", stderr, StringComparison.Ordinal);
        Assert.Contains("Inbound:Routes:1:Alertnme: unknown setting", stderr, StringComparison.Ordinal);
        Assert.Contains("Inbound:Routes:1: inbound route [1] \"misspelt\": Alertname: required", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_real_alertmanager_routing_a_pushed_alert_to_the_webhook_limits_the_jail_then_lifts_it_on_resolve()
    {
        using var sandbox = Sandbox.Start(new SandboxOptions { Processes = 3, Network = false });
        string pidsMax = PidsMax(sandbox);
        using var service = await StartServiceSeeingAsync(sandbox);
        await using var alertmanager = await AlertmanagerProcess.StartAsync(_http, $"""
            route:
              receiver: jailmetrics
              group_by: [alertname, name]
              group_wait: 1s
              group_interval: 1s
              repeat_interval: 1h
            receivers:
              - name: jailmetrics
                webhook_configs:
                  - url: {WebhookUrl}
                    send_resolved: true
            """);

        // As Prometheus does: POST /api/v2/alerts, without endsAt while firing.
        var labels = new JsonObject { ["alertname"] = Alertname, ["name"] = sandbox.Name, ["team"] = "ops", ["instance"] = "prometheus-rule" };
        await PushAsync(alertmanager.Url, labels, endsAt: null);
        await Eventually(() => File.ReadAllText(pidsMax).Trim() == "10", "Alertmanager's notification did not limit the jail", service);
        var listed = JsonNode.Parse(await _http.GetStringAsync($"{alertmanager.Url}/api/v2/alerts"))!.AsArray();
        string fingerprint = (string)Assert.Single(listed)!["fingerprint"]!;
        Assert.Contains(fingerprint, File.ReadAllText(Path.Combine(_stateDirectory, "inbound-alerts.json")), StringComparison.Ordinal);
        Assert.Single(LedgerEntriesFor(sandbox.Name));

        await PushAsync(alertmanager.Url, labels, endsAt: DateTimeOffset.UtcNow);
        // The enforcer restores the value, then drops its ledger entry: wait for both.
        await Eventually(() => File.ReadAllText(pidsMax).Trim() == "max" && LedgerEntriesFor(sandbox.Name).Count == 0,
            "the resolved notification did not lift the limit", service);
        Assert.Single(Regex.Matches(service.StandardError, $@"applied jail:{sandbox.Name}:maxproc:deny=10\b"));
    }

    private async Task PushAsync(string alertmanagerUrl, JsonObject labels, DateTimeOffset? endsAt)
    {
        var alert = new JsonObject
        {
            ["labels"] = labels.DeepClone(),
            ["annotations"] = new JsonObject { ["summary"] = "too many processes" },
            ["startsAt"] = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O"),
            ["generatorURL"] = "http://prometheus.invalid/graph",
        };
        if (endsAt is { } end) alert["endsAt"] = end.ToString("O");
        var (status, body) = await PostAsync($"{alertmanagerUrl}/api/v2/alerts", new JsonArray(alert).ToJsonString());
        Assert.True(status == HttpStatusCode.OK, $"Alertmanager refused the alert: {status} {body}");
    }

    /// <summary>A webhook message exactly as Alertmanager writes it (version 4), with one alert.</summary>
    private static string Message(string jail, string status, string fingerprint) => $$"""
        {
          "receiver": "jailmetrics", "status": "{{status}}", "version": "4",
          "groupKey": "{}:{alertname=\"{{Alertname}}\"}", "truncatedAlerts": 0,
          "groupLabels": { "alertname": "{{Alertname}}" },
          "commonLabels": { "alertname": "{{Alertname}}", "name": "{{jail}}", "team": "ops" },
          "commonAnnotations": { "summary": "too many processes" },
          "externalURL": "http://alertmanager.invalid:9093",
          "alerts": [
            { "status": "{{status}}", "labels": { "alertname": "{{Alertname}}", "name": "{{jail}}", "team": "ops" },
              "annotations": { "summary": "too many processes" },
              "startsAt": "2024-05-01T10:00:00.000Z",
              "endsAt": "{{(status == "firing" ? "0001-01-01T00:00:00Z" : "2024-05-01T10:05:00.000Z")}}",
              "generatorURL": "http://prometheus.invalid/graph", "fingerprint": "{{fingerprint}}" }
          ]
        }
        """;

    private async Task<(HttpStatusCode Status, string Body)> PostAsync(string url, string json)
    {
        using var response = await _http.PostAsync(url, new StringContent(json, Encoding.UTF8, "application/json"));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static double Inbound(Exposition scrape, string result) =>
        scrape.Of("jailmetrics_inbound_alerts_total").Single(s => s["result"] == result).Value;

    private static double Requests(Exposition scrape, string result) =>
        scrape.Of("jailmetrics_inbound_requests_total").Single(s => s["result"] == result).Value;

    /// <summary>The cgroup ledger's entries for this jail.</summary>
    private List<JsonNode> LedgerEntriesFor(string jail)
    {
        string path = Path.Combine(_stateDirectory, "cgroup-ledger.json");
        if (!File.Exists(path)) return [];
        return [.. JsonNode.Parse(File.ReadAllText(path))!["entries"]!.AsArray().Where(e => (string?)e!["jail"] == jail).Select(e => e!)];
    }

    /// <summary>pids.max of the sandbox's cgroup: the v1 pids hierarchy where there is one, else the v2 one.</summary>
    private static string PidsMax(Sandbox sandbox)
    {
        string v1 = Path.Combine("/sys/fs/cgroup/pids", sandbox.CgroupPath.TrimStart('/'), "pids.max");
        return File.Exists(v1) ? v1 : Path.Combine("/sys/fs/cgroup", sandbox.CgroupPath.TrimStart('/'), "pids.max");
    }

    private async Task<Exposition> WaitForMetricsAsync(Func<Exposition, bool> condition, ServiceProcess service)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var scrape = Exposition.Parse(await _http.GetStringAsync(ServiceUrl + "/metrics"));
            if (condition(scrape)) return scrape;
            Assert.True(DateTime.UtcNow < deadline, $"/metrics did not reach the expected state within {Patience}:\n{scrape.Text}\n{service.StandardError}");
            await Task.Delay(200);
        }
    }

    private static async Task Eventually(Func<bool> done, string what, ServiceProcess service)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!done())
        {
            Assert.True(DateTime.UtcNow < deadline, $"{what} within {Patience}:\n{service.StandardError}");
            await Task.Delay(200);
        }
    }
}
