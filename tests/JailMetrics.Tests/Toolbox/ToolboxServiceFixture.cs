using JailMetrics.FreeBsd;
using JailMetrics.Service.Prometheus;
using JailMetrics.Testing;
using JailMetrics.Testing.FreeBsd;
using JailMetrics.Tests.Support;
using Prometheus;

namespace JailMetrics.Tests.Toolbox;

/// <summary>
/// The service's own exposition, as complete as this machine can make it: the built service on
/// Linux with a live sandbox jail and an alert rule firing on it (so jailmetrics_alert_active
/// exists), its SNMP agent on a free port; plus the FreeBSD source over the fake kernel with rctl
/// rules on every resource the dashboard draws a limit for (jail_limit_*, jailmetrics_racct_enabled,
/// which Linux never exports). The interval is an hour: one sample, read by every scrape and walk.
/// </summary>
public sealed class ToolboxServiceFixture : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    // Limits the fake FreeBSD kernel gets beyond FreeBsdScenario's, so each jail_limit_* family the dashboard uses is exported.
    private static readonly string[] ExtraRctlRules = ["jail:web:nthr:deny=4000", "jail:web:openfiles:deny=100000"];

    /// <summary>The alert rule that fires on the sandbox from the first sample on.</summary>
    public const string AlertRuleName = "toolbox-procs";

    private readonly string _stateDirectory = Directory.CreateTempSubdirectory("jailmetrics-toolbox-").FullName;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private ServiceProcess? _service;

    public Sandbox Sandbox { get; private set; } = null!;

    public int SnmpPort { get; private set; }

    public Exposition LinuxMetrics { get; private set; } = null!;

    public Exposition FreeBsdMetrics { get; private set; } = null!;

    public string ServiceLog => _service?.StandardError ?? "";

    /// <summary>Every sample name (counters with _total, info with _info) either platform exposes.</summary>
    public IReadOnlySet<string> ExposedNames =>
        LinuxMetrics.Samples.Concat(FreeBsdMetrics.Samples).Select(s => s.Name).ToHashSet(StringComparer.Ordinal);

    public async Task InitializeAsync()
    {
        FreeBsdMetrics = await ScrapeFreeBsdAsync();

        Prerequisites.RequireRoot();
        Sandbox = Sandbox.Start(new SandboxOptions { Processes = 2, RssBytes = 16L << 20 });
        Sandbox.SendUdp(10, 100);

        int webPort = ServiceProcess.FreePort();
        SnmpPort = Snmp.NetSnmp.FreeUdpPort();
        _service = ServiceProcess.Start(
            [
                "--web.listen-address", $"127.0.0.1:{webPort}", "--state.directory", _stateDirectory,
                "--sampling.interval", "1h", "--snmp.listen-address", $"127.0.0.1:{SnmpPort}",
            ],
            new Dictionary<string, string>
            {
                ["JAILMETRICS_Alerts__Rules__0__Name"] = AlertRuleName,
                ["JAILMETRICS_Alerts__Rules__0__Rule"] = $"jail:{Sandbox.Name}:maxproc:alert=1",
                ["JAILMETRICS_Alerts__Rules__0__Notify__0"] = "log",
            });
        string metricsUrl = $"http://127.0.0.1:{webPort}/metrics";
        await _service.WaitUntilServingAsync(_http, metricsUrl, Patience);

        var deadline = DateTime.UtcNow + Patience;
        do
        {
            LinuxMetrics = Exposition.Parse(await _http.GetStringAsync(metricsUrl));
            if (LinuxMetrics.Find("jail_id", Sandbox.Name) is not null && LinuxMetrics.Of("jailmetrics_alert_active").Any()) return;
            await Task.Delay(200);
        }
        while (DateTime.UtcNow < deadline);
        Assert.Fail($"the sandbox {Sandbox.Name} and its firing alert never showed up on /metrics:\n{_service.StandardError}");
    }

    private static async Task<Exposition> ScrapeFreeBsdAsync()
    {
        var kernel = FreeBsdScenario.Create(racct: true);
        foreach (string rule in ExtraRctlRules)
            Assert.True(kernel.RctlAddRule(rule, out int errno) == 0, $"{rule}: errno {errno}");
        var view = new PrometheusView(Metrics.NewCustomRegistry(), new BuildInfo("0.1.0", "test", ".NET 10.0.0", "freebsd-x64"));
        view.OnSnapshot(new FreeBsdJailSource(kernel, FreeBsdScenario.Netstat()).Sample(CancellationToken.None));
        return await Exposition.ScrapeAsync(view);
    }

    public Task DisposeAsync()
    {
        _service?.Dispose();
        Sandbox?.Dispose();
        _http.Dispose();
        Directory.Delete(_stateDirectory, recursive: true);
        return Task.CompletedTask;
    }
}

/// <summary>The test classes that share one <see cref="ToolboxServiceFixture"/>: one service and one sandbox for all of them.</summary>
[CollectionDefinition(Name)]
public sealed class ToolboxServiceCollection : ICollectionFixture<ToolboxServiceFixture>
{
    public const string Name = "toolbox service";
}
