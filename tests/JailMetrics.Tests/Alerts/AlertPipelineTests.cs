using JailMetrics.Model;
using JailMetrics.Service.Hosting;
using JailMetrics.Service.Snmp;
using JailMetrics.Snmp.Mib;
using JailMetrics.Snmp.Notifications;
using JailMetrics.State;
using JailMetrics.Store;
using JailMetrics.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using JailMetrics.Service.Prometheus;

namespace JailMetrics.Tests.Alerts;

/// <summary>
/// Synthetic samples through the consumers exactly as the service registers them (indexes, alert
/// evaluator, Prometheus view, …, in DI order), with a hand-moved clock and a recording
/// notification sender: what /metrics and SNMP show as an alert goes pending, fires and resolves.
/// </summary>
public sealed class AlertPipelineTests : IDisposable
{
    private readonly string _stateDirectory = Directory.CreateTempSubdirectory("jailmetrics-alerts-").FullName;
    private readonly ManualClock _clock = new(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));
    private readonly RecordingNotificationSender _sender = new();
    private readonly CapturedLogs _logs = new();

    public void Dispose() => Directory.Delete(_stateDirectory, recursive: true);

    private ServiceProvider BuildService(Dictionary<string, string?> alerts)
    {
        var settings = new Dictionary<string, string?>
        {
            ["State:Directory"] = _stateDirectory,
            ["Snmp:Enabled"] = "false", // no MIB binding: these tests look at the notifications only
        };
        foreach (var (key, value) in alerts) settings[key] = value;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

        var services = new ServiceCollection().AddLogging(logging => logging.AddProvider(_logs));
        services.AddJailMetrics(configuration);
        // Registered last, so they are the ones resolved.
        services.AddSingleton<TimeProvider>(_clock);
        services.AddSingleton<INotificationSender>(_sender);
        return services.BuildServiceProvider();
    }

    private static void Feed(IServiceProvider services, Snapshot snapshot)
    {
        foreach (var consumer in services.GetServices<ISnapshotConsumer>()) consumer.OnSnapshot(snapshot);
    }

    private static Snapshot WithProcesses(double processes) =>
        Snapshots.Of(
            Snapshots.Sample(Snapshots.Host, Snapshots.Usage((Resource.MaxProc, 300))),
            Snapshots.Sample(Snapshots.Jail("web1", 7), Snapshots.Usage((Resource.MaxProc, processes))),
            Snapshots.Sample(Snapshots.Jail("db1", 8), Snapshots.Usage((Resource.MaxProc, 500))));

    private List<Notification> AlertNotifications() =>
        [.. _sender.Sent.Where(n => n.TrapOid == JailMetricsMib.Notification.JailLimitBreach || n.TrapOid == JailMetricsMib.Notification.JailLimitCleared)];

    [Fact]
    public async Task An_alert_is_exported_and_breach_is_sent_once_it_has_lasted_For_then_both_end_when_it_resolves()
    {
        using var services = BuildService(new()
        {
            ["Alerts:Rules:0:Name"] = "web-procs",
            ["Alerts:Rules:0:Rule"] = "jail:web*:maxproc:alert=10",
            ["Alerts:Rules:0:For"] = "30s",
            ["Alerts:Rules:0:Clear"] = "8",
            ["Alerts:Rules:0:Severity"] = "critical",
            ["Alerts:Rules:0:Notify:0"] = "snmp",
        });
        var view = services.GetRequiredService<PrometheusView>();
        uint web1 = (uint)services.GetRequiredService<JailIndexRegistry>().IndexOf("web1");

        // Above the threshold, but not yet for 30 s: pending, which is neither exported nor notified.
        Feed(services, WithProcesses(20));
        Assert.Empty((await Exposition.ScrapeAsync(view)).Of("jailmetrics_alert_active"));
        Assert.Empty(AlertNotifications());

        _clock.Advance(TimeSpan.FromSeconds(31));
        Feed(services, WithProcesses(20));
        var firing = Assert.Single((await Exposition.ScrapeAsync(view)).Of("jailmetrics_alert_active"));
        Assert.Equal(("web-procs", "web1", "critical", 1.0), (firing["rule"], firing["name"], firing["severity"], firing.Value));
        var breach = Assert.Single(AlertNotifications());
        Assert.Equal(JailMetricsMib.Notification.JailLimitBreach, breach.TrapOid);
        AssertLimitObjects(breach, web1, "jail:web*:maxproc:alert=10", amount: 10, usage: 20);

        // Below the threshold but above Clear: still firing, nothing new.
        _clock.Advance(TimeSpan.FromSeconds(10));
        Feed(services, WithProcesses(9));
        Assert.Single((await Exposition.ScrapeAsync(view)).Of("jailmetrics_alert_active"));
        Assert.Single(AlertNotifications());

        _clock.Advance(TimeSpan.FromSeconds(10));
        Feed(services, WithProcesses(3));
        Assert.Empty((await Exposition.ScrapeAsync(view)).Of("jailmetrics_alert_active"));
        var cleared = AlertNotifications()[^1];
        Assert.Equal(2, AlertNotifications().Count);
        Assert.Equal(JailMetricsMib.Notification.JailLimitCleared, cleared.TrapOid);
        AssertLimitObjects(cleared, web1, "jail:web*:maxproc:alert=10", amount: 8, usage: 3);
    }

    [Fact]
    public async Task A_rule_without_snmp_is_exported_but_sends_no_notification()
    {
        using var services = BuildService(new()
        {
            ["Alerts:Rules:0:Name"] = "db-procs",
            ["Alerts:Rules:0:Match"] = "jail:db*:maxproc",
            ["Alerts:Rules:0:Threshold"] = "100",
            ["Alerts:Rules:0:Notify:0"] = "log",
        });

        Feed(services, WithProcesses(1));

        var series = Assert.Single((await Exposition.ScrapeAsync(services.GetRequiredService<PrometheusView>())).Of("jailmetrics_alert_active"));
        Assert.Equal(("db-procs", "db1", "warning"), (series["rule"], series["name"], series["severity"]));
        Assert.Empty(AlertNotifications());
    }

    [Fact]
    public void Each_transition_is_logged_once_and_log_notify_adds_one_line_at_the_rules_severity_when_it_fires()
    {
        using var services = BuildService(new()
        {
            ["Alerts:Rules:0:Name"] = "logged",
            ["Alerts:Rules:0:Rule"] = "jail:web*:maxproc:alert=10",
            ["Alerts:Rules:0:Severity"] = "critical",
            ["Alerts:Rules:0:Notify:0"] = "log",
            ["Alerts:Rules:1:Name"] = "unlogged",
            ["Alerts:Rules:1:Rule"] = "jail:web*:maxproc:alert=11",
        });

        Feed(services, WithProcesses(20));

        var evaluator = _logs.Lines.Where(l => l.Category == typeof(JailMetrics.Alerts.AlertEvaluator).FullName && l.Message.Contains("-> Firing", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, evaluator.Count);
        var notified = Assert.Single(_logs.Lines, l => l.Category == typeof(JailMetrics.Service.Alerts.LogAlertSink).FullName);
        Assert.Equal(LogLevel.Critical, notified.Level);
        Assert.Contains("logged", notified.Message, StringComparison.Ordinal);
    }

    /// <summary>The MIB's OBJECTS: jmJailName.&lt;jail&gt;, then rule, amount and usage under &lt;jail&gt;.&lt;resource&gt;.log(2).jail(1).</summary>
    private static void AssertLimitObjects(Notification notification, uint jailIndex, string rule, ulong amount, ulong usage)
    {
        uint[] instance = [jailIndex, ResourceColumns.Of(Resource.MaxProc).EnumValue, 2, 1];
        Assert.Equal(
        [
            JailMetricsMib.JailEntry.Append(2).Append(jailIndex),
            JailMetricsMib.JailLimitEntry.Append(6).Append(instance),
            JailMetricsMib.JailLimitEntry.Append(4).Append(instance),
            JailMetricsMib.JailLimitEntry.Append(5).Append(instance),
        ], notification.Objects.Select(o => o.Name));
        Assert.Equal(
        [
            SnmpValue.OctetString("web1"),
            SnmpValue.OctetString(rule),
            SnmpValue.Counter64(amount),
            SnmpValue.Counter64(usage),
        ], notification.Objects.Select(o => o.Value));
    }
}
