using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using JailMetrics.Service.Snmp;
using JailMetrics.Testing;
using JailMetrics.Testing.NetSnmp;
using JailMetrics.Tests.Alerts;
using JailMetrics.Tests.Support;
using Xunit.Abstractions;

namespace JailMetrics.Tests.EndToEnd;

/// <summary>
/// Issue 6's whole alert flow on this machine, every peer real: the built service samples a sandbox
/// jail whose workload the test drives; a memory rule goes pending, fires only after its <c>For</c>,
/// pages a real snmptrapd and a real prometheus-alertmanager, and enforces a pids.max the workload runs
/// into; once the workload calms down the alert resolves everywhere, the service's limit is gone, and
/// limits set by hand (on the jail's own cgroup and on another jail's) are exactly as they were.
/// </summary>
public sealed class AlertFlowLiveTests(ITestOutputHelper output) : IDisposable
{
    // Each step waits at most this long; the whole flow takes about 15 s when it works.
    private static readonly TimeSpan StepPatience = TimeSpan.FromSeconds(20);

    private const string RuleName = "flow-memory";
    private static readonly TimeSpan For = TimeSpan.FromSeconds(4);
    private const long Threshold = 48L << 20;     // "48m"
    private const long ClearBelow = 32L << 20;    // "32m"
    private const long BaselineRss = 16L << 20;   // what the workload holds from the start
    private const long Growth = 64L << 20;        // takes it well past the threshold
    private const int Processes = 3;
    private const int EnforcedMaxProc = 5;
    private const int ForkProbe = 4;              // beyond the enforced limit: 3 + 4 > 5
    private const long HandSetMemoryLimit = 256L << 20; // on the jail's own cgroup, before the service starts
    private const string HandSetOtherPidsMax = "7";     // on another jail's cgroup

    private readonly string _stateDirectory = Directory.CreateTempSubdirectory("jailmetrics-flow-").FullName;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public void Dispose()
    {
        _http.Dispose();
        Directory.Delete(_stateDirectory, recursive: true);
    }

    [Fact]
    public async Task A_memory_alert_pends_fires_pages_enforces_pids_max_then_resolves_and_lifts_only_its_own_limit()
    {
        Prerequisites.RequireRoot();
        Prerequisites.RequireCommand("snmptrapd");
        Prerequisites.RequireCommand("prometheus-alertmanager");

        await using var trapd = await Snmptrapd.StartAsync("authCommunity log public");
        await using var alertmanager = await AlertmanagerProcess.StartAsync(_http);
        // Not jmtest-*: other engineers' services run rules on that glob at the same time.
        string suffix = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()[..4]);
        using var jail = Sandbox.Start(new SandboxOptions
        {
            Name = $"jmflow-{suffix}", Processes = Processes, ExtraOpenFiles = 0, RssBytes = BaselineRss, ShmBytes = 0, Network = false,
        });
        using var other = Sandbox.Start(new SandboxOptions
        {
            Name = $"jmflow-{suffix}-other", Processes = 1, ExtraOpenFiles = 0, RssBytes = 1L << 20, ShmBytes = 0, Network = false,
        });

        string pidsMax = CgroupFile(jail, "pids.max");
        string memoryLimit = jail.CgroupFile("memory.max") ?? CgroupFile(jail, "memory.limit_in_bytes");
        string otherPidsMax = CgroupFile(other, "pids.max");
        Assert.Equal("max", Read(pidsMax));
        // Limits an operator set by hand; the service must leave both exactly as they are.
        File.WriteAllText(memoryLimit, HandSetMemoryLimit.ToString(CultureInfo.InvariantCulture));
        File.WriteAllText(otherPidsMax, HandSetOtherPidsMax);
        string handSetMemory = Read(memoryLimit);
        Assert.Equal(HandSetMemoryLimit.ToString(CultureInfo.InvariantCulture), handSetMemory);
        Assert.Equal(HandSetOtherPidsMax, Read(otherPidsMax));

        var unlimited = jail.TryFork(ForkProbe);
        Assert.True(unlimited.Forked == ForkProbe, $"before any enforcement the workload should fork freely: {unlimited}");

        int port = ServiceProcess.FreePort();
        string metricsUrl = $"http://127.0.0.1:{port}/metrics";
        string config = WriteConfig(jail.Name, trapd.Address, alertmanager.Url);
        using var service = ServiceProcess.Start(
            ["--config.file", config, "--web.listen-address", $"127.0.0.1:{port}", "--state.directory", _stateDirectory, "--sampling.interval", "1s"]);
        var step = new Steps(service, trapd);
        await service.WaitUntilServingAsync(_http, metricsUrl, StepPatience);
        string breach = "." + JailMetricsMib.Notification.JailLimitBreach;
        string cleared = "." + JailMetricsMib.Notification.JailLimitCleared;

        // 1. The service sees the jail, below the threshold: nothing is pending.
        var calm = await step.Until("the service reports the jail's memory below the threshold", () => ScrapeAsync(metricsUrl),
            s => s.Find("jail_memoryuse_bytes", jail.Name) is { } m && m.Value >= BaselineRss && m.Value < Threshold);
        Assert.Null(calm.Find("jailmetrics_alert_active", jail.Name));
        Assert.DoesNotContain(Transition(jail.Name, "Pending"), service.StandardError, StringComparison.Ordinal);

        // 2. The workload climbs: the alert goes pending, and pending is not yet firing anywhere.
        jail.GrowMemory(Growth);
        await step.Until("the log shows the alert pending", () => Task.FromResult(service.StandardError),
            log => log.Contains(Transition(jail.Name, "Inactive -> Pending"), StringComparison.Ordinal));
        var whilePending = await ScrapeAsync(metricsUrl);
        bool trappedWhilePending = trapd.Received().Any(n => n.TrapOid == breach && Names(n, jail.Name));
        string pidsMaxWhilePending = Read(pidsMax);
        int listedWhilePending = (await ListedAsync(alertmanager.Url, jail.Name)).Count;
        Assert.False(service.StandardError.Contains(Transition(jail.Name, "Pending -> Firing"), StringComparison.Ordinal),
            $"the alert fired before the pending state could be checked; For ({For.TotalSeconds} s) is too short for this machine");
        Assert.True(whilePending.Value("jail_memoryuse_bytes", jail.Name) > Threshold, "the jail should be over the threshold now");
        Assert.True(whilePending.Find("jailmetrics_alert_active", jail.Name) is null, "a pending alert must not be exported as active");
        Assert.False(trappedWhilePending, "a pending alert must not send jmJailLimitBreach");
        Assert.Equal("max", pidsMaxWhilePending);
        Assert.Equal(0, listedWhilePending);

        // 3. It fires only after For has passed (measured between the service's own log timestamps).
        var firing = await step.Until("jailmetrics_alert_active shows the alert firing", () => ScrapeAsync(metricsUrl),
            s => s.Find("jailmetrics_alert_active", jail.Name) is not null);
        var active = firing.Find("jailmetrics_alert_active", jail.Name)!;
        Assert.Equal((RuleName, "critical", 1.0), (active["rule"], active["severity"], active.Value));
        await step.Until("the log shows the alert firing", () => Task.FromResult(service.StandardError),
            log => log.Contains(Transition(jail.Name, "Pending -> Firing"), StringComparison.Ordinal));
        TimeSpan pendingFor = LoggedAt(service.StandardError, Transition(jail.Name, "Pending -> Firing"))
            - LoggedAt(service.StandardError, Transition(jail.Name, "Inactive -> Pending"));
        // The evaluator measures on the monotonic clock, the log stamps wall-clock time: allow a few ms. It
        // fires at the first sample once For has passed; the upper bound leaves room for late samples on a busy host.
        Assert.True(pendingFor >= For - TimeSpan.FromMilliseconds(50) && pendingFor < For + TimeSpan.FromSeconds(5),
            $"the alert fired {pendingFor.TotalSeconds:0.000} s after going pending; For is {For.TotalSeconds} s with 1 s samples");
        output.WriteLine($"pending -> firing after {pendingFor.TotalSeconds:0.000} s (For {For.TotalSeconds} s)");

        // 4. snmptrapd logs the breach, carrying the rule text.
        var trap = await step.Trap("jmJailLimitBreach naming the jail", n => n.TrapOid == breach && Names(n, jail.Name));
        AssertCarries(trap, jail.Name, amount: Threshold);

        // 5. The real Alertmanager lists it through its API v2.
        var listed = await step.Until("Alertmanager lists the alert as active", () => ListedAsync(alertmanager.Url, jail.Name), a => a.Count == 1);
        var labels = listed[0]!["labels"]!;
        Assert.Equal((RuleName, RuleName, "critical"), ((string?)labels["alertname"], (string?)labels["rule"], (string?)labels["severity"]));
        Assert.Equal("active", (string?)listed[0]!["status"]!["state"]);

        // 6. The enforcer wrote pids.max, and the workload runs into it: of 4 forks only 5 - 3 succeed.
        await step.Until("the service writes pids.max", () => Task.FromResult(Read(pidsMax)), v => v == EnforcedMaxProc.ToString(CultureInfo.InvariantCulture));
        Assert.Contains(jail.Name, File.ReadAllText(Path.Combine(_stateDirectory, "cgroup-ledger.json")), StringComparison.Ordinal);
        var held = jail.TryFork(ForkProbe);
        Assert.True(held.Forked == EnforcedMaxProc - Processes && held.Failure is not null,
            $"with pids.max {EnforcedMaxProc} and {Processes} processes, {EnforcedMaxProc - Processes} of {ForkProbe} forks should succeed: {held}");
        Assert.Equal(handSetMemory, Read(memoryLimit));
        Assert.Equal(HandSetOtherPidsMax, Read(otherPidsMax));
        output.WriteLine($"pids.max {Read(pidsMax)} with {Processes} processes: {held}");

        // 7. The workload calms down: the alert resolves in the log and on /metrics.
        jail.ReleaseMemory();
        await step.Until("the log shows the alert resolved", () => Task.FromResult(service.StandardError),
            log => log.Contains(Transition(jail.Name, "Firing -> Resolved"), StringComparison.Ordinal));
        var resolved = await step.Until("jailmetrics_alert_active drops the alert", () => ScrapeAsync(metricsUrl),
            s => s.Find("jailmetrics_alert_active", jail.Name) is null);
        Assert.True(resolved.Value("jail_memoryuse_bytes", jail.Name) <= ClearBelow, "the jail should be back under the clear threshold");

        // 8. snmptrapd logs the clear, Alertmanager no longer lists the alert (its endsAt has passed).
        var clearTrap = await step.Trap("jmJailLimitCleared naming the jail", n => n.TrapOid == cleared && Names(n, jail.Name));
        AssertCarries(clearTrap, jail.Name, amount: ClearBelow);
        await step.Until("Alertmanager ends the alert", () => ListedAsync(alertmanager.Url, jail.Name), a => a.Count == 0);

        // 9. The service's limit is gone (pids.max back to what it was), the workload forks freely again,
        //    and the limits set by hand are untouched.
        await step.Until("the service restores pids.max", () => Task.FromResult(Read(pidsMax)), v => v == "max");
        var freed = jail.TryFork(ForkProbe);
        Assert.True(freed.Forked == ForkProbe, $"after the limit is lifted the workload should fork freely: {freed}");
        Assert.Equal(handSetMemory, Read(memoryLimit));
        Assert.Equal(HandSetOtherPidsMax, Read(otherPidsMax));
        Assert.DoesNotContain(jail.Name, File.ReadAllText(Path.Combine(_stateDirectory, "cgroup-ledger.json")), StringComparison.Ordinal);
        Assert.DoesNotContain("refusing", service.StandardError, StringComparison.Ordinal);
        output.WriteLine($"after resolve: pids.max {Read(pidsMax)}, {freed}; hand-set {Path.GetFileName(memoryLimit)} {Read(memoryLimit)}, other jail's pids.max {Read(otherPidsMax)}");
    }

    private string WriteConfig(string jailName, string trapdAddress, string alertmanagerUrl)
    {
        var config = new JsonObject
        {
            ["Alerts"] = new JsonObject
            {
                ["Rules"] = new JsonArray(new JsonObject
                {
                    ["Name"] = RuleName,
                    ["Rule"] = $"jail:{jailName}:memoryuse:alert=48m",
                    ["For"] = $"{For.TotalSeconds.ToString(CultureInfo.InvariantCulture)}s",
                    ["Clear"] = "32m",
                    ["Severity"] = "critical",
                    ["Notify"] = new JsonArray("snmp", "alertmanager", "log"),
                    ["Enforce"] = $"jail:$name:maxproc:deny={EnforcedMaxProc}",
                }),
            },
            ["Notifications"] = new JsonObject
            {
                ["Targets"] = new JsonArray(new JsonObject
                {
                    ["Name"] = "trapd", ["Address"] = trapdAddress, ["Version"] = "2c", ["Community"] = "public",
                }),
            },
            ["Alertmanager"] = new JsonObject { ["Urls"] = new JsonArray(alertmanagerUrl), ["ResendInterval"] = "2s" },
        };
        string path = Path.Combine(_stateDirectory, "flow.json");
        File.WriteAllText(path, config.ToJsonString());
        return path;
    }

    /// <summary>The evaluator's log line for a transition of this rule on <paramref name="jail"/>, e.g. "Inactive -> Pending".</summary>
    private static string Transition(string jail, string fromTo) => $"Alert {RuleName} on jail {jail}: {fromTo}";

    /// <summary>The timestamp the service's log (single-line, UTC, <c>yyyy-MM-ddTHH:mm:ss.fffZ</c> first) gives the line containing <paramref name="text"/>.</summary>
    private static DateTimeOffset LoggedAt(string log, string text)
    {
        string line = log.Split('\n').First(l => l.Contains(text, StringComparison.Ordinal));
        return DateTimeOffset.ParseExact(line[..line.IndexOf(' ', StringComparison.Ordinal)], "yyyy-MM-ddTHH:mm:ss.fffK", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The breach/cleared varbinds: jmJailLimitRule holds the rule in its canonical text (amounts in
    /// bytes), jmJailLimitAmount the threshold it was compared with (the clear threshold on clear).
    /// </summary>
    private static void AssertCarries(ReceivedNotification trap, string jail, long amount)
    {
        string rule = $"\"jail:{jail}:memoryuse:alert={Threshold.ToString(CultureInfo.InvariantCulture)}\"";
        string amountColumn = "." + JailMetricsMib.JailLimitEntry.Append(4) + ".";
        Assert.True(trap.VarBinds.Any(v => v.Contains(rule, StringComparison.Ordinal)), $"no varbind holds the rule {rule}: {string.Join(" ~ ", trap.VarBinds)}");
        Assert.True(trap.VarBinds.Any(v => v.StartsWith(amountColumn, StringComparison.Ordinal) && v.EndsWith(": " + amount.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)),
            $"no jmJailLimitAmount of {amount}: {string.Join(" ~ ", trap.VarBinds)}");
    }

    private static bool Names(ReceivedNotification notification, string jail) =>
        notification.VarBinds.Any(v => v.Contains($"\"{jail}\"", StringComparison.Ordinal));

    private async Task<Exposition> ScrapeAsync(string url) => Exposition.Parse(await _http.GetStringAsync(url));

    /// <summary>The active alerts Alertmanager lists for <paramref name="jail"/> (API v2; resolved ones are not listed).</summary>
    private async Task<JsonArray> ListedAsync(string alertmanagerUrl, string jail)
    {
        string filter = Uri.EscapeDataString($"name=\"{jail}\"");
        return JsonNode.Parse(await _http.GetStringAsync($"{alertmanagerUrl}/api/v2/alerts?active=true&filter={filter}"))!.AsArray();
    }

    private static string CgroupFile(Sandbox sandbox, string file) =>
        sandbox.CgroupFile(file) ?? throw new Xunit.Sdk.XunitException($"{sandbox} has no {file}: is its controller mounted?");

    private static string Read(string file) => File.ReadAllText(file).Trim();

    /// <summary>Polls each step against a deadline, failing with the step's name, what was last seen and the service's log.</summary>
    private sealed class Steps(ServiceProcess service, Snmptrapd trapd)
    {
        public async Task<T> Until<T>(string what, Func<Task<T>> read, Func<T, bool> done)
        {
            var clock = Stopwatch.StartNew();
            while (true)
            {
                Assert.False(service.HasExited, $"{what}: jailmetrics exited:\n{service.StandardError}");
                T value = await read();
                if (done(value)) return value;
                if (clock.Elapsed > StepPatience)
                    Assert.Fail($"step failed: {what}, not within {StepPatience.TotalSeconds} s.\nlast seen: {Show(value)}\njailmetrics log:\n{service.StandardError}");
                await Task.Delay(100);
            }
        }

        public async Task<ReceivedNotification> Trap(string what, Func<ReceivedNotification, bool> match)
        {
            try
            {
                return await trapd.WaitForAsync(match, StepPatience);
            }
            catch (TimeoutException e)
            {
                Assert.Fail($"step failed: snmptrapd logged no {what}. {e.Message}\njailmetrics log:\n{service.StandardError}");
                throw;
            }
        }

        private static string Show<T>(T value) => value switch
        {
            Exposition e => string.Join('\n', e.Text.Split('\n').Where(l => l.StartsWith("jail_memoryuse_bytes", StringComparison.Ordinal) || l.StartsWith("jailmetrics_alert", StringComparison.Ordinal))),
            string s when s.Length > 2000 => "(the log, below)",
            _ => value?.ToString() ?? "null",
        };
    }
}
