using System.Text.RegularExpressions;
using JailMetrics.Model;

namespace JailMetrics.Linux.Tests;

/// <summary>
/// A source keeps each process's PID namespace from one sample to the next (it cannot change for a
/// process), keyed by pid and start time: the samples agree, and a reused pid is read afresh.
/// </summary>
public sealed class ScanReuseTests
{
    [Fact]
    public void A_second_sample_from_the_same_source_finds_the_same_jails()
    {
        using var tree = FixtureTree.Copy("v2");
        var source = tree.Source();

        var first = source.Sample(CancellationToken.None);
        var second = source.Sample(CancellationToken.None);

        Assert.Equal(Describe(first), Describe(second));
        Assert.True(first.Jails.Length > 5, "the fixture has jails");
    }

    [Fact]
    public void A_pid_reused_by_a_process_in_another_namespace_is_read_afresh()
    {
        using var tree = FixtureTree.Copy("v2");
        var source = tree.Source();
        var before = source.Sample(CancellationToken.None);
        Assert.Equal(2, before.Jails.Single(j => j.Info.Id == 4026532301).Usage[Resource.MaxProc]);
        Assert.DoesNotContain(before.Jails, j => j.Info.Id == 4026539999);

        // pid 301 exits and a new process gets pid 301: a later start time, its own PID namespace, pid 1 in it.
        string dir = Path.Combine(tree.ProcRoot, "301");
        string stat = File.ReadAllText(Path.Combine(dir, "stat"));
        File.WriteAllText(Path.Combine(dir, "stat"), Regex.Replace(stat, @" 60100 ", " 99999 "));
        Assert.NotEqual(stat, File.ReadAllText(Path.Combine(dir, "stat")));
        string status = File.ReadAllText(Path.Combine(dir, "status"));
        File.WriteAllText(Path.Combine(dir, "status"), Regex.Replace(status, @"NSpid:.*", "NSpid:\t301\t1"));
        File.Delete(Path.Combine(dir, "ns", "pid"));
        File.CreateSymbolicLink(Path.Combine(dir, "ns", "pid"), "pid:[4026539999]");

        var after = source.Sample(CancellationToken.None);

        // Its parent process (300) is still in the old namespace, so the new one is a child jail of it
        // (whose counts include its descendants').
        var old = after.Jails.Single(j => j.Info.Id == 4026532301);
        var reborn = Assert.Single(after.Jails, j => j.Info.Id == 4026539999);
        Assert.Equal(old.Name, reborn.Info.ParentName);
        Assert.Equal("301", reborn.Info.Parameters["pid"]);
        Assert.Equal(1, reborn.Usage[Resource.MaxProc]);
        Assert.Equal(JailState.Active, reborn.Info.State);
    }

    [Fact]
    public void A_nested_namespace_whose_inode_is_below_its_parents_is_still_named_as_a_child()
    {
        // The kernel reuses freed namespace inode numbers, so a namespace made inside a jail can have a
        // smaller inode than the jail's own and come first in the inode-ordered jail list. D (nested in
        // the LXC container C, same cgroup, its own UTS namespace "inner") gets such an inode here.
        using var tree = FixtureTree.Copy("v2");
        foreach (string pid in (string[])["401", "402"])
        {
            string link = Path.Combine(tree.ProcRoot, pid, "ns", "pid");
            File.Delete(link);
            File.CreateSymbolicLink(link, "pid:[4026532001]");
        }

        var snapshot = tree.Source().Sample(CancellationToken.None);

        var inner = Assert.Single(snapshot.Jails, j => j.Info.Id == 4026532001);
        var db = Assert.Single(snapshot.Jails, j => j.Info.Id == 4026532401);
        Assert.True(snapshot.Jails.IndexOf(inner) < snapshot.Jails.IndexOf(db), "the nested jail comes first");
        Assert.Equal("db", db.Name);          // not "db-4026532401": the child did not take its cgroup's name
        Assert.Equal("inner", inner.Name);    // named by its UTS hostname, as when it comes after its parent
        Assert.Equal("db", inner.Info.ParentName);
    }

    private static string[] Describe(Snapshot snapshot) =>
        [.. snapshot.Jails.Select(j => $"{j.Name} {j.Info.Id} {j.Info.ParentName} {j.Info.Hostname} {j.Info.Vnet} "
            + string.Join(",", j.Info.Parameters.OrderBy(p => p.Key).Select(p => $"{p.Key}={p.Value}"))
            + $" procs={j.Usage[Resource.MaxProc]} ipc={j.Usage[Resource.NShm]}")];
}
