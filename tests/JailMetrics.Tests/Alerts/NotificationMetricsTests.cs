using System.Net;
using System.Net.Sockets;
using JailMetrics.Model;
using JailMetrics.Service.Hosting;
using JailMetrics.Service.Prometheus;
using JailMetrics.Snmp.Notifications;
using JailMetrics.Store;
using JailMetrics.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Prometheus;

namespace JailMetrics.Tests.Alerts;

/// <summary>
/// The notifiers' counters on the exposition: an Alertmanager that refuses for good counts failed, a
/// webhook that answers 503 once counts one retry then sent, SNMP traps count sent; promtool accepts the page.
/// </summary>
public sealed class NotificationMetricsTests : IDisposable
{
    private readonly string _stateDirectory = Directory.CreateTempSubdirectory("jailmetrics-notify-metrics-").FullName;

    public void Dispose() => Directory.Delete(_stateDirectory, recursive: true);

    [Fact]
    public async Task Failed_retried_and_sent_notifications_are_counted_per_target()
    {
        await using var alertmanager = await RecordingReceiver.StartAsync();
        alertmanager.Status = 400; // final: not retried
        await using var webhook = await RecordingReceiver.StartAsync();
        webhook.Status = 503;      // retried after 1s
        using var trapSink = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["State:Directory"] = _stateDirectory,
            ["Snmp:Enabled"] = "false",
            ["Alerts:Rules:0:Name"] = "web-procs",
            ["Alerts:Rules:0:Rule"] = "jail:web*:maxproc:alert=10",
            ["Alerts:Rules:0:For"] = "0",
            ["Alerts:Rules:0:Notify:0"] = "alertmanager",
            ["Alerts:Rules:0:Notify:1"] = "webhook",
            ["Alerts:Rules:0:Notify:2"] = "snmp",
            ["Alertmanager:Urls:0"] = alertmanager.Url,
            ["Webhooks:Urls:0"] = webhook.Url + "/hook",
            ["Notifications:Targets:0:Name"] = "sink",
            ["Notifications:Targets:0:Address"] = $"127.0.0.1:{((IPEndPoint)trapSink.Client.LocalEndPoint!).Port}",
            ["Notifications:Targets:0:Version"] = "2c",
            ["Notifications:Targets:0:Community"] = "public",
        }).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddJailMetrics(configuration);
        await using var provider = services.BuildServiceProvider();
        var registry = provider.GetRequiredService<CollectorRegistry>();
        provider.GetRequiredService<NotificationMetrics>();
        var snmp = provider.GetRequiredService<NotificationSender>();
        await snmp.StartAsync(CancellationToken.None);
        try
        {
            var snapshot = Snapshots.Of(
                Snapshots.Sample(Snapshots.Host, Snapshots.Usage((Resource.MaxProc, 300))),
                Snapshots.Sample(Snapshots.Jail("web1", 7), Snapshots.Usage((Resource.MaxProc, 20))));
            foreach (var consumer in provider.GetServices<ISnapshotConsumer>()) consumer.OnSnapshot(snapshot);

            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
            while (webhook.Requests < 1 && DateTime.UtcNow < deadline) await Task.Delay(20);
            webhook.Status = 200;

            Exposition scrape;
            while (true)
            {
                scrape = await Exposition.ScrapeAsync(registry);
                if (Count(scrape, "sent", "webhook") == 1 && Count(scrape, "failed", "alertmanager") == 1 && Count(scrape, "sent", "snmp") >= 2) break;
                Assert.True(DateTime.UtcNow < deadline, $"the counters did not reach the expected values:\n{scrape.Text}");
                await Task.Delay(50);
            }

            Assert.Equal((0.0, 0.0, 1.0), (Count(scrape, "sent", "alertmanager"), Count(scrape, "retried", "alertmanager"), Count(scrape, "failed", "alertmanager")));
            Assert.Equal((1.0, 1.0, 0.0), (Count(scrape, "sent", "webhook"), Count(scrape, "retried", "webhook"), Count(scrape, "failed", "webhook")));
            // coldStart at start, then jmJailLimitBreach: both handed to the network.
            Assert.Equal((2.0, 0.0, 0.0), (Count(scrape, "sent", "snmp"), Count(scrape, "failed", "snmp"), Count(scrape, "dropped", "snmp")));
            Assert.Equal("counter", scrape.Types["jailmetrics_notifications_sent_total"]);
            var (exitCode, output) = Promtool.CheckMetrics(scrape.Text);
            Assert.True(exitCode == 0, output);
        }
        finally
        {
            await snmp.StopAsync(CancellationToken.None);
        }
    }

    private static double Count(Exposition scrape, string family, string target) =>
        scrape.Of($"jailmetrics_notifications_{family}_total").Single(s => s["target"] == target).Value;
}
