using JailMetrics.Service.Snmp;
using JailMetrics.Testing;
using JailMetrics.Testing.NetSnmp;
using JailMetrics.Tests.Support;

namespace JailMetrics.Tests.Alerts;

/// <summary>
/// Alerts through the real service: a bad rule stops startup like any bad setting, and a rule on a
/// live sandbox jail shows in /metrics and reaches a real snmptrapd as jmJailLimitBreach, then
/// jmJailLimitCleared once the jail is gone.
/// </summary>
public sealed class AlertServiceTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly string _stateDirectory = Directory.CreateTempSubdirectory("jailmetrics-alert-svc-").FullName;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public void Dispose()
    {
        _http.Dispose();
        Directory.Delete(_stateDirectory, recursive: true);
    }

    [Fact]
    public void A_bad_rule_stops_startup_with_exit_code_2_naming_the_rule_position_and_text()
    {
        string file = Path.Combine(_stateDirectory, "alerts.json");
        File.WriteAllText(file, """
            { "Alerts": { "Rules": [
                { "Name": "fine", "Rule": "jail:*:maxproc:alert=100" },
                { "Name": "typo", "Rule": "jail:db*:memoryuze:alert=80%" }
            ] } }
            """);

        var (exitCode, _, stderr) = ServiceProcess.Run("--config.file", file, "--state.directory", _stateDirectory);

        Assert.Equal(2, exitCode);
        Assert.Contains("alert rule [1] \"typo\"", stderr, StringComparison.Ordinal);
        Assert.Contains("\"jail:db*:memoryuze:alert=80%\"", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("\"fine\"", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_misspelt_key_inside_a_rule_stops_startup_naming_it()
    {
        string file = Path.Combine(_stateDirectory, "alerts.json");
        File.WriteAllText(file, """
            { "Alerts": { "Rules": [ { "Name": "db", "Match": "jail:db*:maxproc", "Treshold": "100" } ] } }
            """);

        var (exitCode, _, stderr) = ServiceProcess.Run("--config.file", file, "--state.directory", _stateDirectory);

        Assert.Equal(2, exitCode);
        Assert.Contains("Alerts:Rules:0:Treshold: unknown setting", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sandbox_over_its_process_threshold_is_exported_and_trapped_then_cleared_when_it_goes()
    {
        Prerequisites.RequireRoot();
        Prerequisites.RequireCommand("snmptrapd");
        await using var trapd = await Snmptrapd.StartAsync("authCommunity log public");
        int webPort = ServiceProcess.FreePort();
        string metricsUrl = $"http://127.0.0.1:{webPort}/metrics";
        using var service = ServiceProcess.Start(
            ["--web.listen-address", $"127.0.0.1:{webPort}", "--state.directory", _stateDirectory, "--sampling.interval", "1s"],
            new Dictionary<string, string>
            {
                ["JAILMETRICS_Alerts__Rules__0__Name"] = "sandbox-procs",
                ["JAILMETRICS_Alerts__Rules__0__Rule"] = "jail:jmtest-*:maxproc:alert=1",
                ["JAILMETRICS_Alerts__Rules__0__For"] = "0",
                ["JAILMETRICS_Alerts__Rules__0__Notify__0"] = "snmp",
                ["JAILMETRICS_Notifications__Targets__0__Name"] = "trapd",
                ["JAILMETRICS_Notifications__Targets__0__Address"] = trapd.Address,
                ["JAILMETRICS_Notifications__Targets__0__Version"] = "2c",
                ["JAILMETRICS_Notifications__Targets__0__Community"] = "public",
            });
        await service.WaitUntilServingAsync(_http, metricsUrl, Patience);

        string breach = "." + JailMetricsMib.Notification.JailLimitBreach;
        string cleared = "." + JailMetricsMib.Notification.JailLimitCleared;
        string jail;
        using (var sandbox = Sandbox.Start(new SandboxOptions { Processes = 3, Network = false }))
        {
            jail = sandbox.Name;
            await trapd.WaitForAsync(n => n.TrapOid == breach && Names(n, jail), Patience);
            var series = await WaitForMetricsAsync(metricsUrl, s => s.Of("jailmetrics_alert_active").Any(a => a["name"] == jail));
            var alert = series.Of("jailmetrics_alert_active").Single(a => a["name"] == jail);
            Assert.Equal(("sandbox-procs", "warning", 1.0), (alert["rule"], alert["severity"], alert.Value));
        }

        var received = await trapd.WaitForAsync(n => n.TrapOid == cleared && Names(n, jail), Patience);
        Assert.Contains(received.VarBinds, v => v.Contains("\"jail:jmtest-*:maxproc:alert=1\"", StringComparison.Ordinal));
        await WaitForMetricsAsync(metricsUrl, s => !s.Of("jailmetrics_alert_active").Any(a => a["name"] == jail));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_firing_rule_installs_its_cgroup_limit_and_dry_run_only_says_so(bool dryRun)
    {
        Prerequisites.RequireRoot();
        // A name of its own, so the rule cannot touch other tests' sandboxes (jmtest-*).
        string name = $"jmenf-{Guid.NewGuid():N}"[..14];
        int webPort = ServiceProcess.FreePort();
        using var service = ServiceProcess.Start(
            ["--web.listen-address", $"127.0.0.1:{webPort}", "--state.directory", _stateDirectory, "--sampling.interval", "1s",
             "--snmp.enabled", "false", "--enforcement.dry-run", dryRun ? "true" : "false"],
            new Dictionary<string, string>
            {
                ["JAILMETRICS_Alerts__Rules__0__Name"] = "cap-procs",
                ["JAILMETRICS_Alerts__Rules__0__Rule"] = $"jail:{name}:maxproc:alert=1",
                ["JAILMETRICS_Alerts__Rules__0__For"] = "0",
                ["JAILMETRICS_Alerts__Rules__0__Enforce"] = "jail:$name:maxproc:deny=10",
            });
        await service.WaitUntilServingAsync(_http, $"http://127.0.0.1:{webPort}/metrics", Patience);

        using var sandbox = Sandbox.Start(new SandboxOptions { Name = name, Processes = 3, Network = false });
        string pidsMax = Path.Combine("/sys/fs/cgroup/pids", sandbox.CgroupPath.TrimStart('/'), "pids.max");
        if (!File.Exists(pidsMax)) pidsMax = Path.Combine("/sys/fs/cgroup", sandbox.CgroupPath.TrimStart('/'), "pids.max"); // pure v2
        await WaitForMetricsAsync($"http://127.0.0.1:{webPort}/metrics", s => s.Of("jailmetrics_alert_active").Any(a => a["name"] == name));
        await Task.Delay(TimeSpan.FromSeconds(2)); // a sample or two after firing: any write has happened

        Assert.Equal(dryRun ? "max" : "10", File.ReadAllText(pidsMax).Trim());
        string ledgerPath = Path.Combine(_stateDirectory, "cgroup-ledger.json");
        bool recorded = File.Exists(ledgerPath) && File.ReadAllText(ledgerPath).Contains(name, StringComparison.Ordinal);
        Assert.Equal(!dryRun, recorded); // the ledger holds what was really installed, nothing in a dry run
        if (dryRun) Assert.Contains("would", service.StandardError, StringComparison.OrdinalIgnoreCase);
    }

    private static bool Names(ReceivedNotification notification, string jail) =>
        notification.VarBinds.Any(v => v.Contains($"\"{jail}\"", StringComparison.Ordinal));

    /// <summary>Scrapes until <paramref name="condition"/> holds: the service samples once a second.</summary>
    private async Task<Exposition> WaitForMetricsAsync(string url, Func<Exposition, bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var scrape = Exposition.Parse(await _http.GetStringAsync(url));
            if (condition(scrape)) return scrape;
            Assert.True(DateTime.UtcNow < deadline, $"/metrics did not reach the expected state within {Patience}:\n{scrape.Text}");
            await Task.Delay(250);
        }
    }
}
