using JailMetrics.FreeBsd.Native;
using JailMetrics.Model;
using JailMetrics.Testing.FreeBsd;
using Microsoft.Extensions.Logging;

namespace JailMetrics.FreeBsd.Tests.Source;

/// <summary>The whole FreeBSD source over the fake kernel of <see cref="FreeBsdScenario"/>.</summary>
public sealed class FreeBsdJailSourceTests
{
    private const double Page = FreeBsdScenario.PageSize;

    [Fact]
    public void With_RACCT_jails_get_kernel_accounting_and_the_host_process_totals()
    {
        var kernel = FreeBsdScenario.Create(racct: true);
        var source = new FreeBsdJailSource(kernel, FreeBsdScenario.Netstat());

        var snapshot = source.Sample(CancellationToken.None);

        Assert.Equal("freebsd", source.Platform);
        Assert.True(snapshot.RacctEnabled);
        Assert.All(snapshot.Collectors, c => Assert.True(c.Success, $"{c.Name}: {c.Error}"));
        Assert.Equal(["jails", "racct", "limits", "processes", "memory", "cpu", "ipc", "network", "disk"], snapshot.Collectors.Select(c => c.Name));
        Assert.Equal(["host", "web", "web.php", "old"], snapshot.Jails.Select(j => j.Name));

        var host = snapshot.Find("host")!;
        Assert.Equal(0, host.Info.Id);
        Assert.Equal("bsdhost", host.Info.Hostname);
        Assert.Equal("14.2-RELEASE", host.Info.Parameters["osrelease"]);
        // Every process of the machine, jailed ones included (kern.proc.proc).
        Assert.Equal(5, host.Usage[Resource.MaxProc]);
        Assert.Equal(120 + 1 + 2 + 4 + 1, host.Usage[Resource.NThr]);
        Assert.Equal((300 + 1000 + 500 + 250) * Page, host.Usage[Resource.MemoryUse]);
        Assert.Equal(9 + 0.5 + 2 + 1.5 + 0.25, host.Usage[Resource.CpuTime]);
        Assert.Equal(50 + 25, host.Usage[Resource.Pcpu]);

        var web = snapshot.Find("web")!;
        Assert.Equal(1, web.Info.Id);
        Assert.Null(web.Info.ParentName);
        Assert.Equal("/jails/web", web.Info.Path);
        Assert.Equal("web.example.net", web.Info.Hostname);
        Assert.True(web.Info.Vnet);
        Assert.Equal(["192.0.2.10"], web.Info.IPv4Addresses.ToArray());
        Assert.Equal(JailState.Active, web.Info.State);
        Assert.Equal("new", web.Info.Parameters["sysvshm"]);
        Assert.Equal("disable", web.Info.Parameters["sysvmsg"]);
        Assert.Equal("2", web.Info.Parameters["securelevel"]);
        Assert.Equal("1", web.Info.Parameters["children.cur"]);
        Assert.Equal("1", web.Info.Parameters["persist"]);
        // RACCT's figures as the kernel printed them (web's include web.php's).
        Assert.Equal(1342177280, web.Usage[Resource.MemoryUse]);
        Assert.Equal(5231, web.Usage[Resource.CpuTime]);
        Assert.Equal(3, web.Usage[Resource.Pcpu]);
        Assert.Equal(14, web.Usage[Resource.MaxProc]);
        Assert.Equal(3584, web.Usage[Resource.OpenFiles]);
        Assert.Equal(864213, web.Usage[Resource.Wallclock]);
        Assert.Equal(1253376, web.Usage[Resource.WriteBps]);
        Assert.Equal(
            [new JailLimit(Resource.MemoryUse, "deny", 2147483648), new JailLimit(Resource.Pcpu, "devctl", 80)],
            web.Limits.ToArray());
        Assert.Equal(["epair0b", "lo0"], web.Interfaces.Select(i => i.Name)); // its own stack, via jexec netstat
        Assert.Equal(2_500_000ul * 4096, web.Filesystem!.SizeBytes);

        var php = snapshot.Find("web.php")!;
        Assert.Equal("web", php.Info.ParentName);
        Assert.False(php.Info.Vnet);
        Assert.Equal(["2001:db8::11"], php.Info.IPv6Addresses.ToArray());
        Assert.Equal(268435456, php.Usage[Resource.MemoryUse]);
        Assert.Equal([new JailLimit(Resource.MaxProc, "deny", 50)], php.Limits.ToArray());
        Assert.Empty(php.Interfaces); // shares the host's stack
        Assert.Equal("/jails/web/jails/php", php.Filesystem!.MountPoint);

        var old = snapshot.Find("old")!;
        Assert.Equal(JailState.Dying, old.Info.State);
        Assert.Equal(0, old.Usage[Resource.MemoryUse]); // all zeros, but jail_get still finds it: kept
        Assert.Null(old.Filesystem);                    // its path is gone; the disk collector skips it

        Assert.Equal(["em0", "lo0", "epair0a"], host.Interfaces.Select(i => i.Name));
        Assert.Equal(900_000ul, host.Interfaces[0].ReceiveBytes);
        Assert.Equal(25_000_000ul * 4096, host.Filesystem!.SizeBytes);
    }

    [Fact]
    public void With_RACCT_the_kernel_calls_are_exactly_these()
    {
        var kernel = FreeBsdScenario.Create(racct: true);
        new FreeBsdJailSource(kernel, FreeBsdScenario.Netstat()).Sample(CancellationToken.None);

        Assert.Equal(
            ["rctl_get_racct(jail:web)", "rctl_get_racct(jail:web.php)", "rctl_get_racct(jail:old)", "rctl_get_rules(jail:)"],
            kernel.Calls.Where(c => c.Function.StartsWith("rctl", StringComparison.Ordinal)).Select(c => $"{c.Function}({c.Argument})"));
        // One enumeration (4 calls: three jails and the end), two address reads, one existence check for the all-zero jail.
        var jailGets = kernel.Calls.Where(c => c.Function == "jail_get").ToList();
        Assert.Equal(4, jailGets.Count(c => c.Argument.StartsWith("lastjid,", StringComparison.Ordinal)));
        Assert.Equal(2, jailGets.Count(c => c.Argument.StartsWith("jid,ip4.addr,ip6.addr", StringComparison.Ordinal)));
        Assert.Equal(1, jailGets.Count(c => c.Argument.StartsWith("jid,name,errmsg", StringComparison.Ordinal)));
        // Per process, never per thread: kern.proc.proc {1,14,8}, not kern.proc.all {1,14,0}; read once per sample.
        Assert.Equal(2, kernel.Calls.Count(c => c is { Function: "sysctl", Argument: "{1,14,8}" })); // probe + read
        Assert.DoesNotContain(kernel.Calls, c => c.Argument == "{1,14,0}");
        Assert.DoesNotContain(kernel.Calls, c => c.Function is "rctl_add_rule" or "rctl_remove_rule");
    }

    [Fact]
    public void Without_RACCT_jails_are_measured_from_their_processes()
    {
        var kernel = FreeBsdScenario.Create(racct: false); // kern.racct.enable=0
        var logger = new ListLogger<FreeBsdJailSource>();
        var source = new FreeBsdJailSource(kernel, FreeBsdScenario.Netstat(), logger);

        var snapshot = source.Sample(CancellationToken.None);

        Assert.False(snapshot.RacctEnabled);
        Assert.All(snapshot.Collectors, c => Assert.True(c.Success, $"{c.Name}: {c.Error}"));
        Assert.DoesNotContain(kernel.Calls, c => c.Function.StartsWith("rctl", StringComparison.Ordinal));
        var warning = Assert.Single(logger.Lines, l => l.Level == LogLevel.Warning);
        Assert.Contains("kern.racct.enable=1", warning.Message, StringComparison.Ordinal);
        Assert.Contains("/boot/loader.conf", warning.Message, StringComparison.Ordinal);

        // web is charged for its own process and web.php's two, as RACCT would charge a parent.
        var web = snapshot.Find("web")!;
        Assert.Equal(3, web.Usage[Resource.MaxProc]);
        Assert.Equal(2 + 4 + 1, web.Usage[Resource.NThr]);
        Assert.Equal((1000 + 500 + 250) * Page, web.Usage[Resource.MemoryUse]);
        Assert.Equal(2 + 1.5 + 0.25, web.Usage[Resource.CpuTime]);
        Assert.Equal(50 + 25, web.Usage[Resource.Pcpu]);
        Assert.Equal(1, web.Usage[Resource.NShm]);          // web.php's segment, by its creator pid 101
        Assert.Equal(57344, web.Usage[Resource.ShmSize]);
        Assert.Null(web.Usage[Resource.OpenFiles]);         // RACCT only
        Assert.Empty(web.Limits);

        var php = snapshot.Find("web.php")!;
        Assert.Equal(2, php.Usage[Resource.MaxProc]);
        Assert.Equal(750 * Page, php.Usage[Resource.MemoryUse]);
        Assert.Equal(1, php.Usage[Resource.NShm]);

        var old = snapshot.Find("old")!;
        Assert.Equal(0, old.Usage[Resource.MaxProc]);
        Assert.Equal(0, old.Usage[Resource.MemoryUse]);

        var host = snapshot.Find("host")!;
        Assert.Equal(5, host.Usage[Resource.MaxProc]);
        Assert.Equal(2, host.Usage[Resource.NShm]); // every allocated segment, the orphaned one too
    }

    [Fact]
    public void RACCT_without_RCTL_answers_ENOSYS_and_falls_back()
    {
        var kernel = FreeBsdScenario.Create(racct: true);
        kernel.RacctEnabled = false; // kern.racct.enable=1 but rctl(2) is ENOSYS
        var logger = new ListLogger<FreeBsdJailSource>();

        var snapshot = new FreeBsdJailSource(kernel, FreeBsdScenario.Netstat(), logger).Sample(CancellationToken.None);

        Assert.False(snapshot.RacctEnabled);
        Assert.Equal(3, snapshot.Find("web")!.Usage[Resource.MaxProc]);
        Assert.Single(kernel.Calls, c => c.Function == "rctl_get_racct" && c.Errno == Errno.ENOSYS);
        Assert.Contains(logger.Lines, l => l.Level == LogLevel.Warning && l.Message.Contains("options RCTL", StringComparison.Ordinal));
    }

    [Fact]
    public void Refused_rctl_fails_the_racct_collector_and_falls_back()
    {
        var kernel = FreeBsdScenario.Create(racct: true);
        kernel.RctlErrno = Errno.EPERM; // not root, or jailed

        var snapshot = new FreeBsdJailSource(kernel, FreeBsdScenario.Netstat()).Sample(CancellationToken.None);

        Assert.False(snapshot.RacctEnabled);
        var racct = Assert.Single(snapshot.Collectors, c => c.Name == "racct");
        Assert.False(racct.Success);
        Assert.Contains("EPERM", racct.Error, StringComparison.Ordinal);
        Assert.Contains("root", racct.Error, StringComparison.Ordinal);
        Assert.Equal(3, snapshot.Find("web")!.Usage[Resource.MaxProc]); // the process-table fallback still runs
    }

    [Fact]
    public void A_kernel_without_RACCT_says_how_to_build_one()
    {
        var kernel = FreeBsdScenario.Create(racct: false);
        kernel.RemoveSysctl("kern.racct.enable");
        var logger = new ListLogger<FreeBsdJailSource>();
        var source = new FreeBsdJailSource(kernel, FreeBsdScenario.Netstat(), logger);

        source.Sample(CancellationToken.None);
        source.Sample(CancellationToken.None);

        var warning = Assert.Single(logger.Lines, l => l.Level == LogLevel.Warning); // said once, not every sample
        Assert.Contains("options RACCT", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_jail_gone_between_jail_get_and_rctl_get_racct_is_left_out()
    {
        var kernel = FreeBsdScenario.Create(racct: true);
        kernel.AddJail(7, "brief").Set("path", "/jails/brief");
        kernel.BeforeRctlGetRacct = filter => { if (filter == "jail:brief") kernel.RemoveJail(7); };

        var snapshot = new FreeBsdJailSource(kernel, FreeBsdScenario.Netstat()).Sample(CancellationToken.None);

        Assert.Null(snapshot.Find("brief"));
        Assert.Equal(["host", "web", "web.php", "old"], snapshot.Jails.Select(j => j.Name));
    }

    [Fact]
    public void A_restarted_jail_still_dying_under_its_old_JID_is_reported_once_as_the_live_one()
    {
        var kernel = FreeBsdScenario.Create(racct: true);
        kernel.RemoveJail(1);
        kernel.AddJail(1, "web", dying: true).Set("path", "/jails/web");
        kernel.AddJail(9, "web").Set("path", "/jails/web").Set("vnet", 1);

        var snapshot = new FreeBsdJailSource(kernel, FreeBsdScenario.Netstat()).Sample(CancellationToken.None);

        var web = Assert.Single(snapshot.Jails, j => j.Name == "web");
        Assert.Equal(9, web.Info.Id);
        Assert.Equal(JailState.Active, web.Info.State);
        Assert.Single(kernel.Calls, c => c is { Function: "rctl_get_racct", Argument: "jail:web" });
    }

    [Fact]
    public void Host_IPC_limits_are_read_at_their_C_sizes_and_usage_from_the_listings()
    {
        var snapshot = new FreeBsdJailSource(FreeBsdScenario.Create(), FreeBsdScenario.Netstat()).Sample(CancellationToken.None);

        Assert.Equal(192, snapshot.HostIpcLimits[HostIpcLimit.ShmMni]);                 // u_long
        Assert.Equal(131072 * Page, snapshot.HostIpcLimits[HostIpcLimit.ShmAllBytes]);  // u_long pages
        Assert.Equal(536870912, snapshot.HostIpcLimits[HostIpcLimit.ShmMaxBytes]);
        Assert.Equal(50, snapshot.HostIpcLimits[HostIpcLimit.SemMni]);                  // int
        Assert.Equal(340, snapshot.HostIpcLimits[HostIpcLimit.SemMns]);
        Assert.Equal(340, snapshot.HostIpcLimits[HostIpcLimit.SemMsl]);
        Assert.Equal(100, snapshot.HostIpcLimits[HostIpcLimit.SemOpm]);
        Assert.Equal(40, snapshot.HostIpcLimits[HostIpcLimit.MsgMni]);
        Assert.Equal(16384, snapshot.HostIpcLimits[HostIpcLimit.MsgMaxBytes]);
        Assert.Equal(2048, snapshot.HostIpcLimits[HostIpcLimit.MsgMnbBytes]);

        var host = snapshot.Find("host")!.Usage;
        Assert.Equal(2, host[Resource.NShm]);
        Assert.Equal(57344 + 4096, host[Resource.ShmSize]);
        Assert.Equal(3, host[Resource.NSem]);
        Assert.Equal(1, host[Resource.NMsgq]);
        Assert.Equal(100, host[Resource.MsgqSize]);
        Assert.Equal(2, host[Resource.MsgqQueued]);
    }

    [Fact]
    public void When_netstat_cannot_run_the_host_side_epair_peer_stands_in_swapped()
    {
        var kernel = FreeBsdScenario.Create();
        var netstat = new FakeJailNetstat(); // nothing answers
        var options = new FreeBsdSourceOptions { VnetInterfaces = new() { ["web"] = ["epair0b"] } };

        var snapshot = new FreeBsdJailSource(kernel, netstat, options: options).Sample(CancellationToken.None);

        var epair = Assert.Single(snapshot.Find("web")!.Interfaces);
        Assert.Equal("epair0b", epair.Name);
        Assert.Equal((3000ul, 20ul), (epair.ReceiveBytes, epair.ReceivePackets));   // epair0a's output
        Assert.Equal((1500ul, 10ul), (epair.TransmitBytes, epair.TransmitPackets)); // epair0a's input
        Assert.Equal(1ul, epair.ReceiveDrops);
        Assert.Equal([1], netstat.Reads); // only the VNET jail, and not the dying one
    }

    [Fact]
    public void Interfaces_netstat_once_reported_are_followed_through_their_peers_later()
    {
        var kernel = FreeBsdScenario.Create();
        var netstat = FreeBsdScenario.Netstat();
        var source = new FreeBsdJailSource(kernel, netstat);
        source.Sample(CancellationToken.None);

        netstat.Set(1, null); // jexec now fails (timeout, netstat removed from the jail)
        var web = source.Sample(CancellationToken.None).Find("web")!;

        Assert.Equal(["epair0b"], web.Interfaces.Select(i => i.Name)); // lo0 has no host-side peer
        Assert.Equal(3000ul, web.Interfaces[0].ReceiveBytes);
    }

    [Fact]
    public void Inside_a_jail_row_zero_is_that_jail_and_its_children_are_listed()
    {
        var kernel = new FakeFreeBsdNative();
        kernel.SetSysctlInt("security.jail.jailed", 1);
        kernel.SetSysctl("kern.hostname", "web.example.net\0"u8.ToArray());
        kernel.SetSysctlInt("hw.pagesize", 4096);
        kernel.SetSysctl([1, 14, 8], KernelStructs.Concat(KernelStructs.KinfoProc(10, 0, rssPages: 10), KernelStructs.KinfoProc(11, 4, rssPages: 5)));
        kernel.AddJail(4, "php").Set("path", "/jails/php"); // web.php as seen from inside web
        kernel.SetRacct("php", FreeBsdScenario.PhpRacct);
        kernel.RacctEnabled = false; // jailed root: rctl refused; modelled by ENOSYS here
        kernel.SetSysctlBool("kern.racct.enable", true);
        var logger = new ListLogger<FreeBsdJailSource>();

        var snapshot = new FreeBsdJailSource(kernel, new FakeJailNetstat(), logger).Sample(CancellationToken.None);

        Assert.Equal(["host", "php"], snapshot.Jails.Select(j => j.Name));
        Assert.Equal("1", snapshot.Jails[0].Info.Parameters["jailed"]);
        Assert.Equal("web.example.net", snapshot.Jails[0].Info.Hostname);
        Assert.Equal(15 * 4096.0, snapshot.Jails[0].Usage[Resource.MemoryUse]);
        Assert.Equal(5 * 4096.0, snapshot.Find("php")!.Usage[Resource.MemoryUse]);
        Assert.Contains(logger.Lines, l => l.Message.Contains("inside a jail", StringComparison.Ordinal));
    }

    [Fact]
    public void A_kinfo_proc_layout_it_does_not_know_fails_only_the_collectors_that_read_it()
    {
        var kernel = FreeBsdScenario.Create(racct: true);
        kernel.SetSysctl([1, 14, 8], KernelStructs.KinfoProc(1, 0, structSize: 1096));

        var snapshot = new FreeBsdJailSource(kernel, FreeBsdScenario.Netstat()).Sample(CancellationToken.None);

        var failed = snapshot.Collectors.Where(c => !c.Success).ToList();
        Assert.Equal(["processes", "memory", "cpu"], failed.Select(c => c.Name));
        Assert.All(failed, c => Assert.Contains("ki_structsize is 1096", c.Error, StringComparison.Ordinal));
        Assert.Equal(1342177280, snapshot.Find("web")!.Usage[Resource.MemoryUse]); // RACCT still reported
    }

    [Fact]
    public void A_failed_enumeration_yields_a_host_only_snapshot_with_the_error()
    {
        var kernel = FreeBsdScenario.Create();
        kernel.UnknownJailParameters.Add("name");

        var snapshot = new FreeBsdJailSource(kernel, FreeBsdScenario.Netstat()).Sample(CancellationToken.None);

        Assert.Equal(["host"], snapshot.Jails.Select(j => j.Name));
        var status = Assert.Single(snapshot.Collectors);
        Assert.False(status.Success);
        Assert.Contains("unknown parameter: name", status.Error, StringComparison.Ordinal);
    }
}
