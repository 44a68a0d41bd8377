using System.Globalization;
using System.Security.Cryptography;
using JailMetrics.Testing;
using JailMetrics.Tests.Snmp;
using JailMetrics.Tests.Support;

namespace JailMetrics.Tests.EndToEnd;

/// <summary>
/// Kernel limit breaches and active alerts, live: a sandbox forks past the pids.max the test set, and
/// the built service shows the kernel's own count in /metrics and jmJailBreachTable and fires an
/// <c>alert=breach</c> rule; alert rules on a sandbox are jmAlertTable rows (snmptable) until they resolve.
/// </summary>
public sealed class LimitBreachEndToEndTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly string _stateDirectory = Directory.CreateTempSubdirectory("jailmetrics-breach-").FullName;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public void Dispose()
    {
        _http.Dispose();
        Directory.Delete(_stateDirectory, recursive: true);
    }

    // A name of its own, so that the rules cannot match other tests' sandboxes; jmtest- keeps it sweepable.
    private static string SandboxName() => "jmtest-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));

    [Fact]
    public async Task Forks_refused_at_pids_max_are_the_kernels_count_in_metrics_and_snmp_and_fire_a_breach_alert()
    {
        Prerequisites.RequireRoot();
        Prerequisites.RequireCommand("snmptable");
        string name = SandboxName();
        var (service, metricsUrl, snmp) = StartService(new Dictionary<string, string>
        {
            ["JAILMETRICS_Alerts__Rules__0__Name"] = "procs-breach",
            ["JAILMETRICS_Alerts__Rules__0__Rule"] = $"jail:{name}:maxproc:alert=breach",
        });
        using var _ = service;
        await service.WaitUntilServingAsync(_http, metricsUrl, Patience);

        using var sandbox = Sandbox.Start(new SandboxOptions { Name = name, Processes = 2, Network = false, RssBytes = 1 << 20, ShmBytes = 0 });
        string pidsMax = sandbox.CgroupFile("pids.max") ?? throw new InvalidOperationException("the sandbox has no pids cgroup");
        string pidsEvents = sandbox.CgroupFile("pids.events")!;
        // Counted from zero before anything happens: the series exists and is 0.
        await ScrapeUntilAsync(metricsUrl, s => Breaches(s, name) == 0);

        // Room for one more process: each probe forks one, is refused the next (counted), and reaps its child.
        File.WriteAllText(pidsMax, "3");
        for (int probe = 1; probe <= 2; probe++)
        {
            var attempt = sandbox.TryFork(3);
            Assert.Equal((1, probe), (attempt.Forked, (int)PidsEventsMax(pidsEvents)));
        }
        long kernel = PidsEventsMax(pidsEvents);

        var scrape = await ScrapeUntilAsync(metricsUrl, s => Breaches(s, name) == kernel);
        Assert.True(Breaches(scrape, name) >= 1);

        // The same count through SNMP: jmJailBreachTable, indexed by the jail's jmJailIndex and maxproc.
        string index = JailIndex(snmp, name);
        var breaches = Table(snmp.Output("snmptable", ["-v2c", "-c", "public", "-Ci", "-Cb", "-Cf", "|", .. NetSnmp.WithJailMetricsMib], "JAILMETRICS-MIB::jmJailBreachTable"));
        var row = Assert.Single(breaches, r => r["index"] == $"{index}.maxproc");
        Assert.Equal(kernel.ToString(CultureInfo.InvariantCulture), row["Count"]);

        // The rule fired on the sample that saw new breaches and resolved on the next one, which saw none.
        await Until(() => service.StandardError.Contains($"Alert procs-breach on jail {name}: Firing -> Resolved", StringComparison.Ordinal), "the breach alert to resolve");
        Assert.Contains($"Alert procs-breach on jail {name}: Inactive -> Firing", service.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pending_and_firing_alerts_are_jmAlertTable_rows_until_they_resolve()
    {
        Prerequisites.RequireRoot();
        Prerequisites.RequireCommand("snmptable");
        string name = SandboxName();
        var (service, metricsUrl, snmp) = StartService(new Dictionary<string, string>
        {
            ["JAILMETRICS_Alerts__Rules__0__Name"] = "procs-soon",
            ["JAILMETRICS_Alerts__Rules__0__Rule"] = $"jail:{name}:maxproc:alert=1",
            ["JAILMETRICS_Alerts__Rules__0__For"] = "1h",
            ["JAILMETRICS_Alerts__Rules__1__Name"] = "procs-now",
            ["JAILMETRICS_Alerts__Rules__1__Rule"] = $"jail:{name}:maxproc:alert=2",
            ["JAILMETRICS_Alerts__Rules__1__Severity"] = "critical",
        });
        using var _ = service;
        await service.WaitUntilServingAsync(_http, metricsUrl, Patience);

        string index;
        using (var sandbox = Sandbox.Start(new SandboxOptions { Name = name, Processes = 3, Network = false, RssBytes = 1 << 20, ShmBytes = 0 }))
        {
            await ScrapeUntilAsync(metricsUrl, s => s.Of("jailmetrics_alert_active").Any(a => a["name"] == name));
            index = JailIndex(snmp, name);

            var rows = AlertRows(snmp).Where(r => r["JailName"] == name).OrderBy(r => r["index"], StringComparer.Ordinal).ToList();
            Assert.Equal([$"1.{index}", $"2.{index}"], rows.Select(r => r["index"]));
            Assert.Equal(("procs-soon", "maxproc", "warning", "pending", "3", "1"),
                (rows[0]["RuleName"], rows[0]["Resource"], rows[0]["Severity"], rows[0]["State"], rows[0]["Value"], rows[0]["Threshold"]));
            Assert.Equal(("procs-now", "critical", "firing", "3", "2", ""),
                (rows[1]["RuleName"], rows[1]["Severity"], rows[1]["State"], rows[1]["Value"], rows[1]["Threshold"], rows[1]["Enforcement"]));
        }

        // The jail is gone: its pending alert ends, its firing one resolves, and both rows go.
        await Until(() => !AlertRows(snmp).Any(r => r["JailName"] == name), "the alert rows to go");
        Assert.Contains($"Alert procs-now on jail {name}: Firing -> Resolved", service.StandardError, StringComparison.Ordinal);
    }

    private (ServiceProcess Service, string MetricsUrl, NetSnmp Snmp) StartService(Dictionary<string, string> environment)
    {
        int webPort = ServiceProcess.FreePort();
        int snmpPort = NetSnmp.FreeUdpPort();
        var service = ServiceProcess.Start(
            ["--web.listen-address", $"127.0.0.1:{webPort}", "--state.directory", _stateDirectory, "--sampling.interval", "1s",
             "--snmp.listen-address", $"127.0.0.1:{snmpPort}"],
            environment);
        return (service, $"http://127.0.0.1:{webPort}/metrics", new NetSnmp(snmpPort));
    }

    private static double? Breaches(Exposition scrape, string jail) =>
        scrape.Of("jail_limit_breaches_total").SingleOrDefault(s => s["name"] == jail && s["resource"] == "maxproc")?.Value;

    private static long PidsEventsMax(string file) =>
        long.Parse(File.ReadAllText(file).Split('\n').Single(l => l.StartsWith("max ", StringComparison.Ordinal))[4..], CultureInfo.InvariantCulture);

    /// <summary>The jail's jmJailIndex, from jmJailTable as snmptable shows it.</summary>
    private static string JailIndex(NetSnmp snmp, string jail) =>
        Assert.Single(Table(snmp.Output("snmptable", ["-v2c", "-c", "public", "-Ci", "-Cb", "-Cf", "|", .. NetSnmp.WithJailMetricsMib], "JAILMETRICS-MIB::jmJailTable")),
            r => r["Name"] == jail)["index"];

    /// <summary>jmAlertTable by snmptable; an empty table is no rows (snmptable says so on stdout and exits 0, or exits 1).</summary>
    private static List<Dictionary<string, string>> AlertRows(NetSnmp snmp)
    {
        var result = snmp.Run("snmptable", ["-v2c", "-c", "public", "-Ci", "-Cb", "-Cf", "|", .. NetSnmp.WithJailMetricsMib], "JAILMETRICS-MIB::jmAlertTable");
        if (result.Stdout.Contains("No entries", StringComparison.Ordinal) || result.Stderr.Contains("No entries", StringComparison.Ordinal)) return [];
        Assert.True(result.ExitCode == 0, result.ToString());
        return Table(result.Stdout);
    }

    /// <summary>snmptable -Cb -Cf '|' output: a title, a blank line, the header, then one line per row.</summary>
    private static List<Dictionary<string, string>> Table(string output)
    {
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith("SNMP table:", StringComparison.Ordinal)).ToList();
        if (lines.Count == 0) return [];
        string[] header = lines[0].Split('|');
        return [.. lines.Skip(1).Select(line => header.Zip(line.Split('|')).ToDictionary(p => p.First, p => p.Second))];
    }

    private Task<Exposition> ScrapeUntilAsync(string url, Func<Exposition, bool> done) =>
        Exposition.ScrapeUntilAsync(_http, url, done, Patience);

    private static async Task Until(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"gave up waiting for {what} after {Patience}");
            await Task.Delay(100);
        }
    }
}
