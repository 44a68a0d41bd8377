using JailMetrics.FreeBsd;
using JailMetrics.Service.Prometheus;
using JailMetrics.Snmp.Mib;
using JailMetrics.Tests.Snmp;
using JailMetrics.Testing.FreeBsd;
using JailMetrics.Tests.Support;
using Prometheus;

namespace JailMetrics.Tests.FreeBsd;

/// <summary>
/// The FreeBSD source, run over the fake kernel (<see cref="FreeBsdScenario"/>: web, its child
/// web.php, and the dying old), published through the Prometheus view: the names jail_exporter's
/// dashboards expect, the limit and RACCT families, and an exposition promtool accepts; and through
/// the SNMP binding: the same jails as jmJailTable rows, their limits in jmJailLimitTable.
/// </summary>
public sealed class FreeBsdEndToEndTests
{
    private static readonly BuildInfo Build = new("0.1.0", "test", ".NET 10.0.0", "freebsd-x64");

    private static async Task<Exposition> ScrapeAsync(bool racct)
    {
        var source = new FreeBsdJailSource(FreeBsdScenario.Create(racct), FreeBsdScenario.Netstat());
        var view = new PrometheusView(Metrics.NewCustomRegistry(), Build);
        view.OnSnapshot(source.Sample(CancellationToken.None));
        return await Exposition.ScrapeAsync(view);
    }

    [Fact]
    public async Task With_RACCT_the_jails_carry_the_kernels_accounting_and_limits()
    {
        var scrape = await ScrapeAsync(racct: true);

        Assert.Equal(1342177280, scrape.Value("jail_memoryuse_bytes", "web"));
        Assert.Equal(268435456, scrape.Value("jail_memoryuse_bytes", "web.php"));
        Assert.Equal(0, scrape.Value("jail_memoryuse_bytes", "old"));
        Assert.Equal(5231, scrape.Value("jail_cputime_seconds_total", "web"));
        Assert.Equal(14, scrape.Value("jail_maxproc", "web"));
        Assert.Equal(3584, scrape.Value("jail_openfiles", "web"));
        Assert.Equal(3, scrape.Value("jail_pcpu_used", "web"));
        Assert.Equal(5, scrape.Value("jail_maxproc", "host"));
        Assert.Equal(3, scrape.Value("jail_num"));

        var info = scrape.Of("jail_info").Single(s => s["name"] == "web.php");
        Assert.Equal(("2", "web", "active", "192.0.2.11"), (info["jid"], info["parent"], info["state"], info["ip4"]));
        Assert.Equal("dying", scrape.Of("jail_info").Single(s => s["name"] == "old")["state"]);

        Assert.Equal(3000, scrape.Of("jail_network_receive_bytes_total").Single(s => s["name"] == "web" && s["interface"] == "epair0b").Value);
        Assert.Equal(2_500_000.0 * 4096, scrape.Value("jail_filesystem_size_bytes", "web"));
        Assert.Equal(192, scrape.Value("jail_host_ipc_shmmni"));

        Assert.Equal(1, scrape.Value("jailmetrics_racct_enabled"));
        Assert.Equal(2147483648, scrape.Of("jail_limit_memoryuse_bytes").Single(s => s["name"] == "web" && s["action"] == "deny").Value);
        Assert.Equal(50, scrape.Of("jail_limit_maxproc").Single(s => s["name"] == "web.php").Value);
        Assert.All(scrape.Of("jailmetrics_collector_success"), s => Assert.Equal(1, s.Value));
    }

    [Fact]
    public async Task Without_RACCT_the_process_table_fallback_is_published_and_flagged()
    {
        var scrape = await ScrapeAsync(racct: false);

        Assert.Equal(0, scrape.Value("jailmetrics_racct_enabled"));
        Assert.Equal(3, scrape.Value("jail_maxproc", "web"));
        Assert.Equal(1750.0 * 4096, scrape.Value("jail_memoryuse_bytes", "web"));
        Assert.Equal(750.0 * 4096, scrape.Value("jail_memoryuse_bytes", "web.php"));
        Assert.Null(scrape.Find("jail_openfiles", "web")); // RACCT only: absent, not zero
        Assert.Empty(scrape.Of("jail_limit_memoryuse_bytes"));
    }

    [Fact]
    public void Through_the_SNMP_binding_the_jails_are_rows_with_the_kernels_figures_and_limits()
    {
        using var mib = new BindingFixture();
        mib.Publish(new FreeBsdJailSource(FreeBsdScenario.Create(racct: true), FreeBsdScenario.Netstat()).Sample(CancellationToken.None));

        uint web = (uint)mib.IndexOf("web"), php = (uint)mib.IndexOf("web.php"), old = (uint)mib.IndexOf("old");
        Assert.Equal(SnmpValue.OctetString("web.php"), mib.Get("jmJailName", php));
        Assert.Equal(SnmpValue.Integer((int)web), mib.Get("jmJailParentIndex", php));
        Assert.Equal(SnmpValue.Integer(2), mib.Get("jmJailState", old)); // dying
        Assert.Equal(SnmpValue.Counter64(1342177280), mib.Get("jmJailMemoryUse", web));
        Assert.Equal(SnmpValue.Counter64(5231 * 1000), mib.Get("jmJailCpuTime", web)); // milliseconds
        Assert.Equal(SnmpValue.Gauge32(14), mib.Get("jmJailMaxProc", web));
        var rules = mib.Column("jmJailLimitRule").Values.ToList();
        Assert.Contains(SnmpValue.OctetString("jail:web:memoryuse:deny=2147483648"), rules);
        Assert.Contains(SnmpValue.OctetString("jail:web.php:maxproc:deny=50"), rules);
        Assert.Equal(3, rules.Count); // the user: rule is not a jail's
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Promtool_accepts_the_exposition(bool racct)
    {
        var scrape = await ScrapeAsync(racct);

        var (exitCode, output) = Promtool.CheckMetrics(scrape.Text);

        Assert.True(exitCode == 0, $"promtool check metrics exited {exitCode}:\n{output}\n--- exposition ---\n{scrape.Text}");
    }
}
