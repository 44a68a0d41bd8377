using JailMetrics.Model;
using JailMetrics.Service.Hosting;
using JailMetrics.Store;
using JailMetrics.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace JailMetrics.Tests.Alerts;

/// <summary>
/// Synthetic samples through the service's DI registrations, with a hand-moved clock: a rule with
/// <c>Notify: ["alertmanager", "webhook"]</c> reaches both receivers as it fires and resolves.
/// </summary>
public sealed class HttpAlertPipelineTests : IDisposable
{
    private readonly string _stateDirectory = Directory.CreateTempSubdirectory("jailmetrics-http-alerts-").FullName;
    private readonly ManualClock _clock = new(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));

    public void Dispose() => Directory.Delete(_stateDirectory, recursive: true);

    private static Snapshot WithProcesses(double processes) =>
        Snapshots.Of(
            Snapshots.Sample(Snapshots.Host, Snapshots.Usage((Resource.MaxProc, 300))),
            Snapshots.Sample(Snapshots.Jail("web1", 7), Snapshots.Usage((Resource.MaxProc, processes))));

    [Fact]
    public async Task A_rule_asking_for_both_targets_reaches_both_receivers_as_it_fires_and_resolves()
    {
        await using var receiver = await RecordingReceiver.StartAsync();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["State:Directory"] = _stateDirectory,
            ["Snmp:Enabled"] = "false",
            ["Alerts:Rules:0:Name"] = "web-procs",
            ["Alerts:Rules:0:Rule"] = "jail:web*:maxproc:alert=10",
            ["Alerts:Rules:0:For"] = "0",
            ["Alerts:Rules:0:Notify:0"] = "alertmanager",
            ["Alerts:Rules:0:Notify:1"] = "webhook",
            ["Alertmanager:Urls:0"] = receiver.Url,
            ["Webhooks:Urls:0"] = receiver.Url + "/hook",
        }).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddJailMetrics(configuration);
        services.AddSingleton<TimeProvider>(_clock);
        await using var provider = services.BuildServiceProvider();
        void Feed(double processes)
        {
            foreach (var consumer in provider.GetServices<ISnapshotConsumer>()) consumer.OnSnapshot(WithProcesses(processes));
        }

        Feed(20);
        _clock.Advance(TimeSpan.FromSeconds(10));
        Feed(3);

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (receiver.Received.Count < 4 && DateTime.UtcNow < deadline) await Task.Delay(20);
        var received = receiver.Received;
        Assert.Equal(4, received.Count);
        var alertmanager = received.Where(r => r.Path == "/api/v2/alerts").Select(r => r.Body[0]!).ToList();
        var webhook = received.Where(r => r.Path == "/hook").Select(r => r.Body).ToList();
        Assert.Equal(2, alertmanager.Count);
        Assert.Equal(2, webhook.Count);
        Assert.Equal("web-procs", (string?)alertmanager[0]["labels"]!["alertname"]);
        Assert.Single(alertmanager, a => a["endsAt"] is not null);
        Assert.Equal(["firing", "resolved"], webhook.Select(w => (string?)w["status"]).Order());
    }
}
