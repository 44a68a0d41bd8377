using JailMetrics.Model;

namespace JailMetrics.Linux.Tests;

/// <summary>A collector that fails is reported failed and publishes nothing; the others still publish.</summary>
public sealed class FixtureFailureTests
{
    private const string Docker = "system.slice/docker-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef.scope";

    [Fact]
    public void Unreadable_io_stat_fails_only_the_io_collector()
    {
        using var tree = FixtureTree.Copy("v2");
        string ioStat = Path.Combine(tree.SysRoot, "fs", "cgroup", Docker, "io.stat");
        File.Delete(ioStat);
        Directory.CreateDirectory(ioStat); // exists, but reading it fails (EISDIR)

        var snapshot = tree.Sample();

        var io = Assert.Single(snapshot.Collectors, c => c.Name == "io");
        Assert.False(io.Success);
        Assert.NotNull(io.Error);
        Assert.All(snapshot.Collectors.Where(c => c.Name != "io"), c => Assert.True(c.Success, $"{c.Name}: {c.Error}"));
        Assert.All(snapshot.Jails, j => Assert.Null(j.Usage[Resource.IoReadBytes]));
        var jail = snapshot.Find("0123456789ab")!;
        Assert.Equal(2, jail.Usage[Resource.MaxProc]);
        Assert.Equal(12.345678, jail.Usage[Resource.CpuTime]!.Value, 9);
        Assert.Equal(2, jail.Usage[Resource.NShm]);
    }

    [Fact]
    public void Unreadable_procfs_reports_discovery_failed()
    {
        using var tree = FixtureTree.Copy("v2");
        Directory.Delete(tree.ProcRoot, recursive: true);

        var snapshot = tree.Sample();

        var jails = Assert.Single(snapshot.Collectors);
        Assert.Equal("jails", jails.Name);
        Assert.False(jails.Success);
        Assert.True(Assert.Single(snapshot.Jails).Info.IsHost);
    }
}
