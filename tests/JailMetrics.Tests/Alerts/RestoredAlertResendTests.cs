using System.Text.Json.Nodes;
using JailMetrics.Alerts;
using JailMetrics.Model;
using JailMetrics.Service.Hosting;
using JailMetrics.Service.Snmp;
using JailMetrics.Snmp.Notifications;
using JailMetrics.Store;
using JailMetrics.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace JailMetrics.Tests.Alerts;

/// <summary>
/// A restart with an alert still firing (restored from alerts.json): the service keeps it alive in a
/// real prometheus-alertmanager — re-sent at once and every ResendInterval, with its original
/// startsAt, so Alertmanager's resolve_timeout does not resolve it — and sends no second breach trap.
/// </summary>
public sealed class RestoredAlertResendTests : IDisposable
{
    private static readonly TimeSpan ResolveTimeout = TimeSpan.FromSeconds(3);
    private readonly string _stateDirectory = Directory.CreateTempSubdirectory("jailmetrics-restored-").FullName;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public void Dispose()
    {
        _http.Dispose();
        Directory.Delete(_stateDirectory, recursive: true);
    }

    private ServiceProvider Start(string alertmanagerUrl, RecordingNotificationSender sender)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["State:Directory"] = _stateDirectory,
            ["Snmp:Enabled"] = "false",
            ["Alerts:Rules:0:Name"] = "web-procs",
            ["Alerts:Rules:0:Rule"] = "jail:web*:maxproc:alert=10",
            ["Alerts:Rules:0:For"] = "0",
            ["Alerts:Rules:0:Notify:0"] = "alertmanager",
            ["Alerts:Rules:0:Notify:1"] = "snmp",
            ["Alertmanager:Urls:0"] = alertmanagerUrl,
            ["Alertmanager:ResendInterval"] = "1s",
        }).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddJailMetrics(configuration);
        services.AddSingleton<INotificationSender>(sender);
        return services.BuildServiceProvider();
    }

    private static void Feed(IServiceProvider services, double processes)
    {
        var snapshot = Snapshots.Of(
            Snapshots.Sample(Snapshots.Host, Snapshots.Usage((Resource.MaxProc, 300))),
            Snapshots.Sample(Snapshots.Jail("web1", 7), Snapshots.Usage((Resource.MaxProc, processes))));
        foreach (var consumer in services.GetServices<ISnapshotConsumer>()) consumer.OnSnapshot(snapshot);
    }

    private static int Breaches(RecordingNotificationSender sender) =>
        sender.Sent.Count(n => n.TrapOid == JailMetricsMib.Notification.JailLimitBreach);

    private async Task<JsonArray> ActiveAsync(string url) =>
        JsonNode.Parse(await _http.GetStringAsync($"{url}/api/v2/alerts?active=true&silenced=false&inhibited=false"))!.AsArray();

    [Fact]
    public async Task A_restored_firing_alert_stays_active_in_alertmanager_past_its_resolve_timeout_and_is_not_trapped_again()
    {
        await using var alertmanager = await AlertmanagerProcess.StartAsync(_http, $"""
            global:
              resolve_timeout: {ResolveTimeout.TotalSeconds}s
            route:
              receiver: "null"
            receivers:
              - name: "null"
            """);

        var before = new RecordingNotificationSender();
        string startsAt;
        await using (var first = Start(alertmanager.Url, before))
        {
            Feed(first, 20);
            Assert.Equal(1, Breaches(before));
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
            JsonArray active;
            while ((active = await ActiveAsync(alertmanager.Url)).Count == 0 && DateTime.UtcNow < deadline) await Task.Delay(100);
            startsAt = (string)Assert.Single(active)!["startsAt"]!;
        }

        // The restart: only the state directory carries over. The evaluator restores the alert as it is
        // made; the samples go on showing it above the threshold.
        var after = new RecordingNotificationSender();
        await using var second = Start(alertmanager.Url, after);
        var sinceRestart = DateTime.UtcNow;
        while (DateTime.UtcNow - sinceRestart < ResolveTimeout * 3)
        {
            Feed(second, 20);
            await Task.Delay(500);
        }

        var stillActive = Assert.Single(await ActiveAsync(alertmanager.Url));
        Assert.Equal("web1", (string?)stillActive!["labels"]!["name"]);
        Assert.Equal("active", (string?)stillActive["status"]!["state"]);
        Assert.Equal(startsAt, (string?)stillActive["startsAt"]);
        Assert.Equal(0, Breaches(after));
        Assert.Single(second.GetRequiredService<AlertEvaluator>().Active, a => a.State == AlertState.Firing);

        // And it still resolves, in Alertmanager too.
        Feed(second, 3);
        Assert.Single(after.Sent, n => n.TrapOid == JailMetricsMib.Notification.JailLimitCleared);
        var deadlineResolved = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while ((await ActiveAsync(alertmanager.Url)).Count > 0)
        {
            Assert.True(DateTime.UtcNow < deadlineResolved, "the resolved alert stayed active in Alertmanager");
            await Task.Delay(100);
        }
    }
}
