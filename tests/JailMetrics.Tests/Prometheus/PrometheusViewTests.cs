using JailMetrics.Model;
using JailMetrics.Service.Prometheus;
using JailMetrics.Tests.Support;
using Prometheus;
using static JailMetrics.Tests.Support.Snapshots;

namespace JailMetrics.Tests.Prometheus;

public sealed class PrometheusViewTests
{
    private static readonly BuildInfo Build = new("1.2.3", "abc123", ".NET 10.0.0", "linux-x64");

    private readonly CollectorRegistry _registry = Metrics.NewCustomRegistry();
    private readonly PrometheusView _view;

    public PrometheusViewTests() => _view = new PrometheusView(_registry, Build);

    /// <summary>jail_exporter's families, exactly: dashboards written for it must keep working.</summary>
    public static TheoryData<string, string> JailExporterFamilies => new()
    {
        { "jail_cputime_seconds_total", "counter" },
        { "jail_wallclock_seconds_total", "counter" },
        { "jail_memoryuse_bytes", "gauge" },
        { "jail_vmemoryuse_bytes", "gauge" },
        { "jail_swapuse_bytes", "gauge" },
        { "jail_datasize_bytes", "gauge" },
        { "jail_stacksize_bytes", "gauge" },
        { "jail_coredumpsize_bytes", "gauge" },
        { "jail_memorylocked_bytes", "gauge" },
        { "jail_maxproc", "gauge" },
        { "jail_nthr", "gauge" },
        { "jail_openfiles", "gauge" },
        { "jail_pseudoterminals", "gauge" },
        { "jail_nshm", "gauge" },
        { "jail_shmsize_bytes", "gauge" },
        { "jail_nsem", "gauge" },
        { "jail_nsemop", "gauge" },
        { "jail_nmsgq", "gauge" },
        { "jail_msgqsize_bytes", "gauge" },
        { "jail_msgqqueued", "gauge" },
        { "jail_pcpu_used", "gauge" },
        { "jail_readbps", "gauge" },
        { "jail_writebps", "gauge" },
        { "jail_readiops", "gauge" },
        { "jail_writeiops", "gauge" },
        { "jail_id", "gauge" },
        { "jail_io_read_bytes_total", "counter" },
        { "jail_io_write_bytes_total", "counter" },
        { "jail_io_read_operations_total", "counter" },
        { "jail_io_write_operations_total", "counter" },
        { "jail_filesystem_size_bytes", "gauge" },
        { "jail_filesystem_free_bytes", "gauge" },
        { "jail_filesystem_avail_bytes", "gauge" },
        { "jail_filesystem_used_bytes", "gauge" },
        { "jail_filesystem_files", "gauge" },
        { "jail_filesystem_files_free", "gauge" },
    };

    [Theory]
    [MemberData(nameof(JailExporterFamilies))]
    public async Task Every_per_jail_family_has_its_name_type_and_only_the_name_label(string family, string type)
    {
        _view.OnSnapshot(FullSnapshot());
        var scrape = await Exposition.ScrapeAsync(_view);

        Assert.Equal(type, scrape.Types.GetValueOrDefault(family));
        Assert.False(string.IsNullOrWhiteSpace(scrape.Helps.GetValueOrDefault(family)));
        var series = scrape.Of(family).ToList();
        Assert.Equal(["host", "www"], series.Select(s => s["name"]).Order());
        Assert.All(series, s => Assert.Equal(["name"], s.Labels.Keys));
    }

    [Fact]
    public async Task Rctl_values_are_exported_in_their_units_as_the_kernel_gave_them()
    {
        var usage = Usage((Resource.MemoryUse, 1_342_177_280), (Resource.CpuTime, 5231), (Resource.Pcpu, 3), (Resource.MaxProc, 14));
        _view.OnSnapshot(Of(Sample(Host, EveryResource()), Sample(Jail("pg1", 7), usage)));
        var scrape = await Exposition.ScrapeAsync(_view);

        Assert.Equal(1_342_177_280, scrape.Value("jail_memoryuse_bytes", "pg1"));
        Assert.Equal(5231, scrape.Value("jail_cputime_seconds_total", "pg1"));
        Assert.Equal(3, scrape.Value("jail_pcpu_used", "pg1"));
        Assert.Equal(14, scrape.Value("jail_maxproc", "pg1"));
        Assert.Equal(7, scrape.Value("jail_id", "pg1"));
        Assert.Equal(0, scrape.Value("jail_id", "host"));
        Assert.Contains("rctl(8)", scrape.Helps["jail_memoryuse_bytes"], StringComparison.Ordinal);
        Assert.Contains("memoryuse", scrape.Helps["jail_memoryuse_bytes"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Jail_num_counts_the_jails_but_not_the_host()
    {
        _view.OnSnapshot(Of(Sample(Host, EveryResource()), Sample(Jail("a", 1), EveryResource()), Sample(Jail("b", 2), EveryResource())));
        var scrape = await Exposition.ScrapeAsync(_view);

        Assert.Equal("gauge", scrape.Types["jail_num"]);
        Assert.Equal(2, scrape.Value("jail_num"));
    }

    [Fact]
    public async Task An_absent_value_has_no_series_and_a_family_nobody_reports_prints_nothing()
    {
        // Like Linux: no SysV IPC accounting per jail, so those resources are absent, not zero.
        var measured = Usage((Resource.MemoryUse, 4096), (Resource.CpuTime, 2));
        var partial = Usage((Resource.MemoryUse, 8192));
        _view.OnSnapshot(Of(Sample(Host, measured), Sample(Jail("a", 1), partial)));
        var scrape = await Exposition.ScrapeAsync(_view);

        Assert.Equal(4096, scrape.Value("jail_memoryuse_bytes", "host"));
        Assert.Equal(8192, scrape.Value("jail_memoryuse_bytes", "a"));
        Assert.Null(scrape.Find("jail_cputime_seconds_total", "a"));
        foreach (string unreported in new[] { "jail_nsem", "jail_nshm", "jail_msgqqueued", "jail_filesystem_size_bytes", "jail_network_receive_bytes_total", "jail_host_ipc_shmmni" })
            Assert.DoesNotContain(unreported, scrape.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Breaches_are_counters_by_jail_and_resource_and_kills_only_where_counted()
    {
        var a = Sample(Jail("a", 1), EveryResource()) with
        {
            Breaches = [new LimitBreach(Resource.MemoryUse, 12, 2), new LimitBreach(Resource.MaxProc, 5)],
        };
        _view.OnSnapshot(Of(Sample(Host, EveryResource()), a));
        var scrape = await Exposition.ScrapeAsync(_view);

        Assert.Equal("counter", scrape.Types["jail_limit_breaches_total"]);
        Assert.Equal([("memoryuse", 12d), ("maxproc", 5d)],
            scrape.Of("jail_limit_breaches_total").Where(s => s["name"] == "a").Select(s => (s["resource"]!, s.Value)).OrderByDescending(x => x.Value));
        var kills = Assert.Single(scrape.Of("jail_limit_kills_total"));
        Assert.Equal(("a", "memoryuse", 2d), (kills["name"], kills["resource"], kills.Value));
        Assert.DoesNotContain(scrape.Samples, s => s.Name.StartsWith("jail_limit_", StringComparison.Ordinal) && s["name"] == "host");
    }

    [Fact]
    public async Task A_value_that_becomes_absent_loses_its_series()
    {
        _view.OnSnapshot(Of(Sample(Host, EveryResource()), Sample(Jail("a", 1), EveryResource())));
        // The collector behind nthr failed this time: the series goes, it does not drop to 0.
        _view.OnSnapshot(Of(Sample(Host, EveryResource()), Sample(Jail("a", 1), Usage((Resource.MemoryUse, 1)))));
        var scrape = await Exposition.ScrapeAsync(_view);

        Assert.Null(scrape.Find("jail_nthr", "a"));
        Assert.NotNull(scrape.Find("jail_nthr", "host"));
        Assert.Equal(1, scrape.Value("jail_memoryuse_bytes", "a"));
    }

    [Fact]
    public async Task A_vanished_jail_has_no_series_left_after_the_next_sample()
    {
        _view.OnSnapshot(FullSnapshot());
        Assert.Contains((await Exposition.ScrapeAsync(_view)).Samples, s => s["name"] == "www");

        _view.OnSnapshot(Of(Sample(Host, EveryResource())));
        var scrape = await Exposition.ScrapeAsync(_view);

        Assert.DoesNotContain(scrape.Samples, s => s["name"] == "www");
        Assert.Equal(0, scrape.Value("jail_num"));
        Assert.NotNull(scrape.Find("jail_memoryuse_bytes", "host"));
    }

    [Fact]
    public async Task A_vanished_interface_has_no_series_left()
    {
        _view.OnSnapshot(Of(Sample(Host, EveryResource()), Sample(Jail("a", 1), EveryResource(), Nic("eth0", 1), Nic("eth1", 2))));
        _view.OnSnapshot(Of(Sample(Host, EveryResource()), Sample(Jail("a", 1), EveryResource(), Nic("eth0", 3))));
        var scrape = await Exposition.ScrapeAsync(_view);

        Assert.Equal(["eth0"], scrape.Of("jail_network_receive_bytes_total").Select(s => s["interface"]));
    }

    [Fact]
    public async Task Kernel_counters_are_exported_as_the_kernels_value()
    {
        _view.OnSnapshot(Of(Sample(Jail("a", 5), Usage((Resource.CpuTime, 100)), Nic("eth0", 1))));
        _view.OnSnapshot(Of(Sample(Jail("a", 5), Usage((Resource.CpuTime, 150)), Nic("eth0", 4))));
        var scrape = await Exposition.ScrapeAsync(_view);

        Assert.Equal(150, scrape.Value("jail_cputime_seconds_total", "a"));
        Assert.Equal(4000, scrape.Value("jail_network_receive_bytes_total", "a"));
    }

    [Fact]
    public async Task A_jail_that_restarted_with_a_new_jid_restarts_its_counters_from_the_kernels_value()
    {
        _view.OnSnapshot(Of(Sample(Jail("a", 5), Usage((Resource.CpuTime, 100), (Resource.Wallclock, 9000)), Nic("epair0b", 50))));
        _view.OnSnapshot(Of(Sample(Jail("a", 6), Usage((Resource.CpuTime, 3), (Resource.Wallclock, 2)), Nic("epair0b", 1))));
        var scrape = await Exposition.ScrapeAsync(_view);

        Assert.Equal(3, scrape.Value("jail_cputime_seconds_total", "a"));
        Assert.Equal(2, scrape.Value("jail_wallclock_seconds_total", "a"));
        Assert.Equal(1000, scrape.Value("jail_network_receive_bytes_total", "a"));
        Assert.Equal(6, scrape.Value("jail_id", "a"));
        Assert.Equal("6", Assert.Single(scrape.Of("jail_info"))["jid"]);
    }

    [Fact]
    public async Task A_counter_the_kernel_reset_without_a_new_jid_follows_the_kernel()
    {
        // A recreated veth keeps the jail's JID but starts its counters again.
        _view.OnSnapshot(Of(Sample(Jail("a", 5), Usage(), Nic("eth0", 50))));
        _view.OnSnapshot(Of(Sample(Jail("a", 5), Usage(), Nic("eth0", 2))));
        var scrape = await Exposition.ScrapeAsync(_view);

        Assert.Equal(2000, scrape.Value("jail_network_receive_bytes_total", "a"));
    }

    [Fact]
    public async Task Network_families_carry_name_and_interface_labels()
    {
        _view.OnSnapshot(Of(Sample(Jail("a", 1), Usage(), Nic("eth0", 7))));
        var scrape = await Exposition.ScrapeAsync(_view);

        var expected = new Dictionary<string, double>
        {
            ["jail_network_receive_bytes_total"] = 7000,
            ["jail_network_receive_packets_total"] = 70,
            ["jail_network_receive_errors_total"] = 7,
            ["jail_network_receive_drops_total"] = 8,
            ["jail_network_transmit_bytes_total"] = 14000,
            ["jail_network_transmit_packets_total"] = 140,
            ["jail_network_transmit_errors_total"] = 9,
            ["jail_network_transmit_drops_total"] = 10,
        };
        foreach (var (family, value) in expected)
        {
            Assert.Equal("counter", scrape.Types[family]);
            var series = Assert.Single(scrape.Of(family));
            Assert.Equal(new Dictionary<string, string> { ["name"] = "a", ["interface"] = "eth0" }, series.Labels);
            Assert.Equal(value, series.Value);
        }
    }

    [Fact]
    public async Task Jail_info_carries_the_jails_parameters()
    {
        var info = Jail("web", 42, parent: "outer") with { State = JailState.Dying, Vnet = true };
        _view.OnSnapshot(Of(Sample(Host, Usage()), Sample(info, Usage())));
        var scrape = await Exposition.ScrapeAsync(_view);

        var web = scrape.Of("jail_info").Single(s => s["name"] == "web");
        Assert.Equal(1, web.Value);
        Assert.Equal(new Dictionary<string, string>
        {
            ["name"] = "web", ["jid"] = "42", ["path"] = "/jails/web", ["hostname"] = "web.example.org",
            ["ip4"] = "192.0.2.10,192.0.2.11", ["ip6"] = "2001:db8::10", ["vnet"] = "new", ["parent"] = "outer", ["state"] = "dying",
        }, web.Labels);
        var host = scrape.Of("jail_info").Single(s => s["name"] == "host");
        Assert.Equal("0", host["jid"]);
        Assert.Equal("active", host["state"]);
    }

    [Fact]
    public async Task Filesystem_usage_is_exported_per_jail()
    {
        _view.OnSnapshot(Of(Sample(Jail("a", 1), Usage()) with { Filesystem = Disk() }));
        var scrape = await Exposition.ScrapeAsync(_view);

        Assert.Equal(10_000_000, scrape.Value("jail_filesystem_size_bytes", "a"));
        Assert.Equal(4_000_000, scrape.Value("jail_filesystem_free_bytes", "a"));
        Assert.Equal(3_500_000, scrape.Value("jail_filesystem_avail_bytes", "a"));
        Assert.Equal(6_000_000, scrape.Value("jail_filesystem_used_bytes", "a"));
        Assert.Equal(1000, scrape.Value("jail_filesystem_files", "a"));
        Assert.Equal(400, scrape.Value("jail_filesystem_files_free", "a"));
    }

    [Fact]
    public async Task Host_ipc_limits_are_exported_as_unlabelled_gauges()
    {
        var limits = Enum.GetValues<HostIpcLimit>().Select((limit, i) => (limit, (double)(1000 + i))).ToArray();
        _view.OnSnapshot(Of(Sample(Host, Usage())).WithHostLimits(limits));
        var scrape = await Exposition.ScrapeAsync(_view);

        string[] names =
        [
            "jail_host_ipc_shmmni", "jail_host_ipc_shmall_bytes", "jail_host_ipc_shmmax_bytes", "jail_host_ipc_semmni",
            "jail_host_ipc_semmns", "jail_host_ipc_semmsl", "jail_host_ipc_semopm", "jail_host_ipc_msgmni",
            "jail_host_ipc_msgmax_bytes", "jail_host_ipc_msgmnb_bytes",
        ];
        Assert.Equal(names.Length, limits.Length);
        for (int i = 0; i < names.Length; i++)
        {
            Assert.Equal("gauge", scrape.Types[names[i]]);
            var series = Assert.Single(scrape.Of(names[i]));
            Assert.Empty(series.Labels);
            Assert.Equal(1000 + i, series.Value);
        }
    }

    [Fact]
    public async Task A_host_ipc_limit_that_becomes_unreadable_disappears()
    {
        _view.OnSnapshot(Of(Sample(Host, Usage())).WithHostLimits((HostIpcLimit.ShmMni, 4096), (HostIpcLimit.MsgMni, 32000)));
        _view.OnSnapshot(Of(Sample(Host, Usage())).WithHostLimits((HostIpcLimit.MsgMni, 32000)));
        var scrape = await Exposition.ScrapeAsync(_view);

        Assert.Empty(scrape.Of("jail_host_ipc_shmmni"));
        Assert.Equal(32000, scrape.Value("jail_host_ipc_msgmni"));
    }

    [Fact]
    public async Task Collector_success_and_duration_are_exported_per_collector()
    {
        var snapshot = Of(Sample(Host, Usage())) with
        {
            Collectors =
            [
                new CollectorStatus("jails", true, TimeSpan.FromMilliseconds(5)),
                new CollectorStatus("ipc", false, TimeSpan.FromMilliseconds(250), "permission denied"),
            ],
            Duration = TimeSpan.FromMilliseconds(300),
        };
        _view.OnSnapshot(snapshot);
        var scrape = await Exposition.ScrapeAsync(_view);

        Assert.Equal("gauge", scrape.Types["jailmetrics_collector_success"]);
        Assert.Equal("gauge", scrape.Types["jailmetrics_collector_duration_seconds"]);
        Assert.Equal(1, scrape.Of("jailmetrics_collector_success").Single(s => s["collector"] == "jails").Value);
        Assert.Equal(0, scrape.Of("jailmetrics_collector_success").Single(s => s["collector"] == "ipc").Value);
        Assert.Equal(0.25, scrape.Of("jailmetrics_collector_duration_seconds").Single(s => s["collector"] == "ipc").Value, 6);
        Assert.Equal(0.3, scrape.Value("jailmetrics_sample_duration_seconds"), 6);
        Assert.Equal(1_700_000_000, scrape.Value("jailmetrics_last_sample_timestamp_seconds"));
    }

    [Fact]
    public async Task Build_info_is_exported_before_any_sample()
    {
        var scrape = await Exposition.ScrapeAsync(_view);

        var series = Assert.Single(scrape.Of("jailmetrics_build_info"));
        Assert.Equal(1, series.Value);
        Assert.Equal(new Dictionary<string, string>
        {
            ["version"] = "1.2.3", ["revision"] = "abc123", ["runtime"] = ".NET 10.0.0", ["platform"] = "linux-x64",
        }, series.Labels);
        Assert.DoesNotContain("jail_", scrape.Text.Replace("jailmetrics_", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_registry_holds_no_process_or_runtime_metrics()
    {
        _view.OnSnapshot(FullSnapshot());
        var scrape = await Exposition.ScrapeAsync(_view);

        Assert.All(scrape.Types.Keys, name => Assert.True(
            name.StartsWith("jail_", StringComparison.Ordinal) || name.StartsWith("jailmetrics_", StringComparison.Ordinal), name));
    }

    [Fact]
    public async Task Limits_are_exported_next_to_usage_in_the_same_unit()
    {
        var www = Sample(Jail("www", 3), Usage((Resource.MemoryUse, 100))) with
        {
            Limits = [new JailLimit(Resource.MemoryUse, "deny", 536870912), new JailLimit(Resource.Pcpu, "deny", 50),
                      new JailLimit(Resource.MaxProc, "log", 200, "process")],
        };
        _view.OnSnapshot(Of(www));
        var scrape = await Exposition.ScrapeAsync(_view);

        var memory = Assert.Single(scrape.Of("jail_limit_memoryuse_bytes"));
        Assert.Equal(536870912, memory.Value);
        Assert.Equal(("www", "deny", "jail"), (memory["name"], memory["action"], memory["per"]));
        Assert.Equal(50, Assert.Single(scrape.Of("jail_limit_pcpu")).Value);
        Assert.Equal("process", Assert.Single(scrape.Of("jail_limit_maxproc"))["per"]);
        Assert.Equal("gauge", scrape.Types["jail_limit_memoryuse_bytes"]);
        Assert.False(scrape.Types.ContainsKey("jail_limit_cputime_seconds")); // nobody limits it: not printed

        _view.OnSnapshot(Of(Sample(Jail("www", 3), Usage((Resource.MemoryUse, 100)))));
        Assert.Empty((await Exposition.ScrapeAsync(_view)).Of("jail_limit_memoryuse_bytes")); // the rule was removed
    }

    [Fact]
    public async Task The_racct_switch_is_exported_only_where_the_platform_has_one()
    {
        _view.OnSnapshot(Of(Sample(Host, Usage())));
        Assert.Empty((await Exposition.ScrapeAsync(_view)).Of("jailmetrics_racct_enabled"));

        _view.OnSnapshot(Of(Sample(Host, Usage())) with { RacctEnabled = false });
        Assert.Equal(0, (await Exposition.ScrapeAsync(_view)).Value("jailmetrics_racct_enabled"));

        _view.OnSnapshot(Of(Sample(Host, Usage())) with { RacctEnabled = true });
        Assert.Equal(1, (await Exposition.ScrapeAsync(_view)).Value("jailmetrics_racct_enabled"));
    }

    [Fact]
    public async Task The_exposition_passes_promtool_check_metrics()
    {
        _view.OnSnapshot(FullSnapshot());
        _view.OnSnapshot(FullSnapshot());
        var scrape = await Exposition.ScrapeAsync(_view);

        var (exitCode, output) = Promtool.CheckMetrics(scrape.Text);

        Assert.True(exitCode == 0, $"promtool check metrics exited {exitCode}:\n{output}\n--- exposition ---\n{scrape.Text}");
    }

    /// <summary>The host and one jail with every value a source can report.</summary>
    private static Snapshot FullSnapshot()
    {
        var limits = Enum.GetValues<HostIpcLimit>().Select(limit => (limit, 1024.0)).ToArray();
        return Of(
                Sample(Host, EveryResource(1000), Nic("lo", 1), Nic("eth0", 2)) with { Filesystem = Disk() },
                Sample(Jail("www", 3), EveryResource(), Nic("lo", 3), Nic("epair0b", 4)) with
                {
                    Filesystem = Disk(),
                    Limits = [.. ResourceInfo.All.Take(25).Select(r => new JailLimit(r.Resource, "deny", 1000))],
                })
            .WithHostLimits(limits) with { RacctEnabled = true };
    }
}
