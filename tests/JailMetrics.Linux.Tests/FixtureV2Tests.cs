using JailMetrics.Model;

namespace JailMetrics.Linux.Tests;

/// <summary>The whole snapshot of the cgroup v2 fixture tree (Fixtures/generate.py, v2()).</summary>
public sealed class FixtureV2Tests : IDisposable
{
    private const long A = 4026532281, B = 4026532301, C = 4026532401, D = 4026532411, E = 4026532501, F = 4026532601,
        G = 4026532701, H = 4026532801, I = 4026532901, J = 4026533001, Vanished = 4026533101;
    private const double KiB = 1024;

    private readonly FixtureTree _tree = FixtureTree.Copy("v2");
    private readonly Snapshot _snapshot;

    public FixtureV2Tests()
    {
        _snapshot = _tree.Sample(new(StringComparer.Ordinal)
        {
            ["pidns:4026532801"] = "mapped",
            ["/jails/legacy"] = "renamed",
        });
    }

    public void Dispose() => _tree.Dispose();

    private JailSample Jail(string name) => _snapshot.Find(name) ?? throw new Xunit.Sdk.XunitException(
        $"no jail {name}; have {string.Join(", ", _snapshot.Jails.Select(j => j.Name))}");

    private static double Value(JailSample jail, Resource r) =>
        jail.Usage[r] ?? throw new Xunit.Sdk.XunitException($"{jail.Name} has no {r}");

    [Fact]
    public void Every_collector_succeeds()
    {
        Assert.Equal(["jails", "processes", "memory", "cpu", "files", "ipc", "io", "network", "disk", "breaches"],
            _snapshot.Collectors.Select(c => c.Name));
        Assert.All(_snapshot.Collectors, c => Assert.True(c.Success, $"{c.Name}: {c.Error}"));
    }

    [Fact]
    public void Jails_are_named_by_each_pattern_in_inode_order()
    {
        Assert.Equal(
        [
            ("host", 0L), ("0123456789ab", A), ("web-1", B), ("db", C), ("inner", D), ("build", E),
            ("build-4026532601", F), ("pidns-4026532701", G), ("mapped", H), ("renamed", I), ("dying", J),
        ], _snapshot.Jails.Select(j => (j.Name, j.Info.Id)));
    }

    [Fact]
    public void A_vanished_process_is_skipped()
    {
        Assert.DoesNotContain(_snapshot.Jails, j => j.Info.Id == Vanished);
        Assert.Equal(18, Value(Jail("host"), Resource.MaxProc));
    }

    [Fact]
    public void Identity_fields()
    {
        var a = Jail("0123456789ab").Info;
        Assert.Null(a.ParentName);
        Assert.Equal("/var/lib/docker/overlay2/abc/merged", a.Path);
        Assert.Equal("0123456789ab", a.Hostname);
        Assert.Equal(JailState.Active, a.State);
        Assert.True(a.Vnet);
        Assert.Equal(["172.17.0.2"], a.IPv4Addresses.ToArray());
        Assert.Equal(["fd00::2"], a.IPv6Addresses.ToArray());
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000 + 500), a.StartTime);
        Assert.Equal("/system.slice/docker-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef.scope", a.Parameters["cgroup"]);
        Assert.Equal("4026532281", a.Parameters["pidns"]);
        Assert.Equal("4026532284", a.Parameters["netns"]);
        Assert.Equal("4026532282", a.Parameters["ipcns"]);
        Assert.Equal("200", a.Parameters["pid"]);

        Assert.Equal("/machine.slice/machine-web\\x2d1.scope", Jail("web-1").Info.Parameters["cgroup"]);
        Assert.Equal("/lxc.payload.db", Jail("db").Info.Parameters["cgroup"]);

        var build = Jail("build").Info;
        Assert.False(build.Vnet);
        Assert.Equal("fixturehost", build.Hostname);
        Assert.Empty(build.IPv4Addresses);

        var host = Jail("host").Info;
        Assert.True(host.IsHost);
        Assert.Equal("fixturehost", host.Hostname);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), host.StartTime);
    }

    [Fact]
    public void Nested_namespace_is_a_child_jail_counted_in_its_parent()
    {
        Assert.Equal("db", Jail("inner").Info.ParentName);
        Assert.All(_snapshot.Jails.Where(j => j.Name != "inner"), j => Assert.Null(j.Info.ParentName));
        Assert.Equal(3, Value(Jail("db"), Resource.MaxProc));
        Assert.Equal(2, Value(Jail("inner"), Resource.MaxProc));
        Assert.Equal(5, Value(Jail("db"), Resource.NThr));
        Assert.Equal(4, Value(Jail("inner"), Resource.NThr));
        Assert.Equal(8500 * KiB, Value(Jail("db"), Resource.MemoryUse));
        Assert.Equal(1500 * KiB, Value(Jail("inner"), Resource.MemoryUse));
    }

    [Fact]
    public void Dying_when_init_is_gone()
    {
        Assert.Equal(JailState.Dying, Jail("dying").Info.State);
        Assert.Equal(1, Value(Jail("dying"), Resource.MaxProc));
        Assert.All(_snapshot.Jails.Where(j => j.Name != "dying"), j => Assert.Equal(JailState.Active, j.Info.State));
    }

    [Fact]
    public void Processes_memory_and_files()
    {
        var a = Jail("0123456789ab");
        Assert.Equal(2, Value(a, Resource.MaxProc));
        Assert.Equal(6, Value(a, Resource.NThr));
        Assert.Equal(25000 * KiB, Value(a, Resource.MemoryUse));
        Assert.Equal(300 << 20, Value(a, Resource.VMemoryUse));
        Assert.Equal(100 * KiB, Value(a, Resource.SwapUse));
        Assert.Equal(13, Value(a, Resource.OpenFiles));
        Assert.Equal(1, Value(a, Resource.PseudoTerminals));

        var host = Jail("host");
        Assert.Equal(24, Value(host, Resource.NThr));
        Assert.Equal(78000 * KiB, Value(host, Resource.MemoryUse));
        Assert.Equal(147, Value(host, Resource.OpenFiles));
        Assert.Equal(2, Value(host, Resource.PseudoTerminals));
        Assert.Equal(0, Value(Jail("build"), Resource.PseudoTerminals));
    }

    [Fact]
    public void Cputime_from_owned_cgroups_else_from_process_ticks()
    {
        Assert.Equal(12.345678, Value(Jail("0123456789ab"), Resource.CpuTime), 9);   // docker scope cpu.stat
        Assert.Equal(2.0, Value(Jail("web-1"), Resource.CpuTime), 9);               // the machine scope, not init.scope
        Assert.Equal(7.5, Value(Jail("db"), Resource.CpuTime), 9);                   // its cgroup holds only it and its child
        Assert.Equal(0.23, Value(Jail("inner"), Resource.CpuTime), 9);              // shares db's cgroup: (11+9+2+1) ticks
        Assert.Equal(6.1, Value(Jail("build"), Resource.CpuTime), 9);
        Assert.Equal(0.05, Value(Jail("pidns-4026532701"), Resource.CpuTime), 9);   // in the host's /init.scope: ticks
        Assert.Equal(13.38, Value(Jail("host"), Resource.CpuTime), 9);              // /proc/stat busy ticks
        Assert.Equal(1000 - 500, Value(Jail("0123456789ab"), Resource.Wallclock), 6);
    }

    [Fact]
    public void Io_from_v2_io_stat_only_for_owned_cgroups()
    {
        var a = Jail("0123456789ab");
        Assert.Equal(5096, Value(a, Resource.IoReadBytes));
        Assert.Equal(10192, Value(a, Resource.IoWriteBytes));
        Assert.Equal(11, Value(a, Resource.IoReadOps));
        Assert.Equal(22, Value(a, Resource.IoWriteOps));
        var host = Jail("host");
        Assert.Equal(1000000, Value(host, Resource.IoReadBytes));
        Assert.Equal(200, Value(host, Resource.IoWriteOps));
        Assert.Null(Jail("web-1").Usage[Resource.IoReadBytes]);  // owned, but no io accounting there
        Assert.Null(Jail("inner").Usage[Resource.IoReadBytes]);  // not owned
    }

    [Fact]
    public void Ipc_per_namespace_with_children_and_host_limits()
    {
        var a = Jail("0123456789ab");
        Assert.Equal(2, Value(a, Resource.NShm));
        Assert.Equal(1114112, Value(a, Resource.ShmSize));
        Assert.Equal(3, Value(a, Resource.NSem));
        Assert.Equal(1, Value(a, Resource.NMsgq));
        Assert.Equal(300, Value(a, Resource.MsgqSize));
        Assert.Equal(2, Value(a, Resource.MsgqQueued));

        var db = Jail("db"); // its own namespace and inner's
        Assert.Equal(0, Value(db, Resource.NShm));
        Assert.Equal(5, Value(db, Resource.NSem));
        Assert.Equal(1, Value(db, Resource.NMsgq));
        Assert.Equal(10, Value(db, Resource.MsgqSize));
        Assert.Equal(0, Value(Jail("inner"), Resource.NSem));
        Assert.Equal(1, Value(Jail("inner"), Resource.MsgqQueued));

        Assert.Null(Jail("web-1").Usage[Resource.NShm]); // shares the host's IPC namespace
        Assert.Null(Jail("build").Usage[Resource.NSem]);

        var host = Jail("host");
        Assert.Equal(3, Value(host, Resource.NShm));
        Assert.Equal(1118208, Value(host, Resource.ShmSize));
        Assert.Equal(8, Value(host, Resource.NSem));
        Assert.Equal(2, Value(host, Resource.NMsgq));
        Assert.Equal(310, Value(host, Resource.MsgqSize));
        Assert.Equal(3, Value(host, Resource.MsgqQueued));

        var limits = _snapshot.HostIpcLimits;
        Assert.Equal(4096, limits[HostIpcLimit.ShmMni]);
        Assert.Equal(2097152.0 * Environment.SystemPageSize, limits[HostIpcLimit.ShmAllBytes]);
        Assert.Equal(33554432, limits[HostIpcLimit.ShmMaxBytes]);
        Assert.Equal(32000, limits[HostIpcLimit.SemMsl]);
        Assert.Equal(1024000000, limits[HostIpcLimit.SemMns]);
        Assert.Equal(500, limits[HostIpcLimit.SemOpm]);
        Assert.Equal(32000, limits[HostIpcLimit.SemMni]);
        Assert.Equal(32000, limits[HostIpcLimit.MsgMni]);
        Assert.Equal(8192, limits[HostIpcLimit.MsgMaxBytes]);
        Assert.Equal(16384, limits[HostIpcLimit.MsgMnbBytes]);
    }

    [Fact]
    public void Interfaces_of_each_network_namespace()
    {
        Assert.Equal(
            [new InterfaceCounters("lo", 100, 1, 1, 2, 100, 1, 3, 4), new InterfaceCounters("eth0", 5000, 50, 1, 2, 7000, 70, 3, 4)],
            Jail("0123456789ab").Interfaces.ToArray());
        Assert.Equal(["lo", "host0"], Jail("web-1").Interfaces.Select(i => i.Name));
        Assert.Equal(Jail("db").Interfaces.ToArray(), Jail("inner").Interfaces.ToArray()); // inner shares db's network namespace
        Assert.Equal(["lo", "eth0"], Jail("host").Interfaces.Select(i => i.Name));
        Assert.Equal(1000000UL, Jail("host").Interfaces[1].ReceiveBytes);
        Assert.Empty(Jail("build").Interfaces); // no network namespace of its own
    }

    [Fact]
    public void Root_filesystems()
    {
        Assert.Equal(new FilesystemUsage("/", 4096UL * 1000000, 4096UL * 400000, 4096UL * 350000, 65536, 60000), Jail("host").Filesystem);
        Assert.Equal(new FilesystemUsage("/var/lib/docker/overlay2/abc/merged", 4096UL * 500000, 4096UL * 100000, 4096UL * 90000, 32768, 30000),
            Jail("0123456789ab").Filesystem);
        Assert.Null(Jail("web-1").Filesystem);
    }
}
