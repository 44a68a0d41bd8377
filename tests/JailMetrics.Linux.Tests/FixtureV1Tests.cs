using JailMetrics.Model;

namespace JailMetrics.Linux.Tests;

/// <summary>The cgroup v1 (hybrid) fixture tree (Fixtures/generate.py, v1()): cpuacct and blkio accounting.</summary>
public sealed class FixtureV1Tests : IDisposable
{
    private readonly FixtureTree _tree = FixtureTree.Copy("v1");
    private readonly Snapshot _snapshot;

    public FixtureV1Tests() => _snapshot = _tree.Sample();

    public void Dispose() => _tree.Dispose();

    [Fact]
    public void Snapshot_of_the_v1_tree()
    {
        Assert.All(_snapshot.Collectors, c => Assert.True(c.Success, $"{c.Name}: {c.Error}"));
        Assert.Equal(["host", "web", "app"], _snapshot.Jails.Select(j => j.Name));

        var web = _snapshot.Find("web")!;
        Assert.Equal("/lxc/web", web.Info.Parameters["cgroup"]);
        Assert.Equal(2, web.Usage[Resource.MaxProc]);
        Assert.Equal(3, web.Usage[Resource.NThr]);
        Assert.Equal(7000 * 1024, web.Usage[Resource.MemoryUse]);
        Assert.Equal(64 * 1024, web.Usage[Resource.SwapUse]);
        Assert.Equal(14, web.Usage[Resource.OpenFiles]);
        Assert.Equal(2.5, web.Usage[Resource.CpuTime]!.Value, 9);  // cpu,cpuacct/lxc/web/cpuacct.usage
        Assert.Equal(4196, web.Usage[Resource.IoReadBytes]);        // blkio …_recursive, sub-cgroups included
        Assert.Equal(12488, web.Usage[Resource.IoWriteBytes]);
        Assert.Equal(6, web.Usage[Resource.IoReadOps]);
        Assert.Equal(10, web.Usage[Resource.IoWriteOps]);
        Assert.Equal(0, web.Usage[Resource.NShm]);                   // own (empty) IPC namespace: zeros, not absent
        Assert.Equal(["lo", "eth0"], web.Interfaces.Select(i => i.Name));

        var app = _snapshot.Find("app")!;
        Assert.Equal("/machine.slice/machine-app.scope", app.Info.Parameters["cgroup"]);
        Assert.Equal(2.0, app.Usage[Resource.CpuTime]!.Value, 9);  // cpuacct at the root: (150+50) ticks
        Assert.Null(app.Usage[Resource.IoReadBytes]);

        var host = _snapshot.Find("host")!;
        Assert.Equal(4, host.Usage[Resource.MaxProc]);
        Assert.Equal(50.0, host.Usage[Resource.CpuTime]!.Value, 9); // root cpuacct.usage
        Assert.Equal(777, host.Usage[Resource.IoReadBytes]);
        Assert.Equal(8, host.Usage[Resource.IoWriteOps]);
        Assert.Equal(new FilesystemUsage("/", 100 * 1024, 50 * 1024, 40 * 1024, 10, 5), host.Filesystem);
    }
}
