using JailMetrics.Model;

namespace JailMetrics.Linux.Tests;

/// <summary>
/// The limit-breach counts of <c>BreachesCollector</c>, on the fixture trees with the kernel's event
/// files added: v2 memory.events and pids.events, v1 memory.failcnt, memory.oom_control and pids.events.
/// </summary>
public sealed class BreachFixtureTests
{
    [Fact]
    public void Cgroup_v2_events_give_memory_and_process_breaches_with_oom_kills()
    {
        using var tree = FixtureTree.Copy("v2");
        string build = Path.Combine(tree.SysRoot, "fs", "cgroup", "jails", "build");
        File.WriteAllText(Path.Combine(build, "memory.events"), "low 0\nhigh 12\nmax 7\noom 2\noom_kill 2\noom_group_kill 0\n");
        File.WriteAllText(Path.Combine(build, "pids.events"), "max 3\n");

        var snapshot = tree.Sample();

        Assert.True(snapshot.Collectors.Single(c => c.Name == "breaches").Success);
        var jail = snapshot.Find("build")!;
        Assert.Equal([new LimitBreach(Resource.MemoryUse, 7, 2), new LimitBreach(Resource.MaxProc, 3)], jail.Breaches.ToArray());
        Assert.Empty(snapshot.Find("host")!.Breaches); // the root cgroup has no limits to breach
        Assert.Empty(snapshot.Find("db")!.Breaches);   // its cgroup has no memory or pids controller files
    }

    [Fact]
    public void Cgroup_v1_failcnt_oom_control_and_pids_events()
    {
        using var tree = FixtureTree.Copy("v1");
        string cgroup = Path.Combine(tree.SysRoot, "fs", "cgroup");
        string memory = Directory.CreateDirectory(Path.Combine(cgroup, "memory", "lxc", "web")).FullName;
        string pids = Directory.CreateDirectory(Path.Combine(cgroup, "pids", "lxc", "web")).FullName;
        File.WriteAllText(Path.Combine(memory, "memory.failcnt"), "41\n");
        File.WriteAllText(Path.Combine(memory, "memory.oom_control"), "oom_kill_disable 0\nunder_oom 0\noom_kill 1\n");
        File.WriteAllText(Path.Combine(pids, "pids.events"), "max 5\n");
        // app's memory cgroup exists too, but app shares nothing: it owns it, and has no pids.events.
        string appMemory = Directory.CreateDirectory(Path.Combine(cgroup, "memory", "machine.slice", "machine-app.scope")).FullName;
        File.WriteAllText(Path.Combine(appMemory, "memory.failcnt"), "0\n");

        var snapshot = tree.Sample();

        Assert.True(snapshot.Collectors.Single(c => c.Name == "breaches").Success);
        Assert.Equal([new LimitBreach(Resource.MemoryUse, 41, 1), new LimitBreach(Resource.MaxProc, 5)], snapshot.Find("web")!.Breaches.ToArray());
        Assert.Equal([new LimitBreach(Resource.MemoryUse, 0, null)], snapshot.Find("app")!.Breaches.ToArray());
        Assert.Equal(5UL, snapshot.Find("web")!.BreachOf(Resource.MaxProc)!.Count);
        Assert.Null(snapshot.Find("app")!.BreachOf(Resource.MaxProc));
    }

    [Fact]
    public void A_garbled_failcnt_fails_only_the_breaches_collector()
    {
        using var tree = FixtureTree.Copy("v1");
        string memory = Directory.CreateDirectory(Path.Combine(tree.SysRoot, "fs", "cgroup", "memory", "lxc", "web")).FullName;
        File.WriteAllText(Path.Combine(memory, "memory.failcnt"), "many\n");

        var snapshot = tree.Sample();

        var status = snapshot.Collectors.Single(c => c.Name == "breaches");
        Assert.False(status.Success);
        Assert.All(snapshot.Collectors.Where(c => c.Name != "breaches"), c => Assert.True(c.Success, c.Name));
        Assert.Empty(snapshot.Find("web")!.Breaches);
        Assert.NotNull(snapshot.Find("web")!.Usage[Resource.MemoryUse]);
    }
}
