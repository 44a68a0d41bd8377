using JailMetrics.Model;

namespace JailMetrics.Linux.Tests;

/// <summary>
/// The slow cadence on a fixture tree, where the files can be changed at will: what a process's
/// cgroup file says is carried between full samples once two reads agree, and read again on the
/// next full sample; a cgroup file missing for a jail is not retried before then.
/// </summary>
public sealed class FixtureCadenceTests
{
    private const long Web1 = 4026532301; // pid 300 is its init, in /machine.slice/machine-web\x2d1.scope

    [Fact]
    public void A_cgroup_move_shows_at_once_while_new_and_within_the_slow_interval_after()
    {
        using var tree = FixtureTree.Copy("v2");
        using var source = tree.Source();
        source.FullSampleEvery = 4;
        string cgroupFile = Path.Combine(tree.ProcRoot, "300", "cgroup");
        string Naming() => source.Sample(CancellationToken.None).Jails.Single(j => j.Info.Id == Web1).Info.Parameters["cgroup"];

        Assert.Equal(@"/machine.slice/machine-web\x2d1.scope", Naming()); // sample 0: full
        // Moved before a second read confirmed the first (a runtime placing a new container): seen at once.
        File.WriteAllText(cgroupFile, "0::/machine.slice/machine-moved.scope/init.scope\n");
        Assert.Equal("/machine.slice/machine-moved.scope", Naming()); // sample 1
        Assert.Equal("/machine.slice/machine-moved.scope", Naming()); // sample 2: agrees, settled
        // Moved again once settled: carried until the next full sample.
        File.WriteAllText(cgroupFile, "0::/machine.slice/machine-again.scope/init.scope\n");
        Assert.Equal("/machine.slice/machine-moved.scope", Naming()); // sample 3
        Assert.Equal("/machine.slice/machine-again.scope", Naming()); // sample 4: full
    }

    [Fact]
    public void A_jail_keeps_its_JailInfo_while_nothing_in_it_changes_and_gets_a_new_one_when_something_does()
    {
        using var tree = FixtureTree.Copy("v2");
        using var source = tree.Source();
        source.FullSampleEvery = 2;
        JailInfo Info() => source.Sample(CancellationToken.None).Jails.Single(j => j.Info.Id == Web1).Info;

        var first = Info(); // sample 0: full
        Assert.Same(first, Info()); // sample 1: facts carried, nothing changed
        Assert.Same(first, Info()); // sample 2: full, everything read again and found the same
        File.WriteAllText(Path.Combine(tree.ProcRoot, "300", "cgroup"), "0::/machine.slice/machine-moved.scope/init.scope\n");
        Assert.Same(first, Info()); // sample 3: the settled cgroup is carried until the next full sample
        var moved = Info(); // sample 4: full, the move seen
        Assert.NotSame(first, moved);
        Assert.Equal("/machine.slice/machine-moved.scope", moved.Parameters["cgroup"]);
        Assert.Equal("moved", moved.Name);
        Assert.Equal(first with { Name = "moved", Parameters = moved.Parameters }, moved); // nothing else changed
    }

    [Fact]
    public void A_missing_cgroup_file_is_tried_again_on_the_next_full_sample()
    {
        using var tree = FixtureTree.Copy("v2");
        using var source = tree.Source();
        source.FullSampleEvery = 3;
        string dir = Path.Combine(tree.SysRoot, "fs", "cgroup", "machine.slice", @"machine-web\x2d1.scope");
        Assert.True(Directory.Exists(dir), dir);
        string events = Path.Combine(dir, "pids.events");
        File.Delete(events);
        ulong? Breaches() => source.Sample(CancellationToken.None).Jails.Single(j => j.Info.Id == Web1)
            .Breaches.SingleOrDefault(b => b.Resource == Resource.MaxProc)?.Count;

        Assert.Null(Breaches()); // sample 0: full, pids.events missing
        File.WriteAllText(events, "max 4\n");
        Assert.Null(Breaches()); // sample 1: remembered missing
        Assert.Null(Breaches()); // sample 2
        Assert.Equal(4UL, Breaches()); // sample 3: full, found
        File.WriteAllText(events, "max 5\n");
        Assert.Equal(5UL, Breaches()); // sample 4: through the kept handle, rewritten in place
    }

    [Fact]
    public void With_no_file_kept_open_every_sample_reads_the_same_figures()
    {
        using var tree = FixtureTree.Copy("v2");
        using var kept = tree.Source();
        using var none = tree.Source(maxKeptFiles: 0);
        static string Figures(Snapshot s) => string.Join("\n", s.Jails.OrderBy(j => j.Info.Id)
            .Select(j => $"{j.Info.Id} {string.Join(' ', Enum.GetValues<Resource>().Select(r => j.Usage[r]))}"));

        for (int i = 0; i < 3; i++)
        {
            string withKept = Figures(kept.Sample(CancellationToken.None));
            Assert.Equal(withKept, Figures(none.Sample(CancellationToken.None)));
        }
        Assert.True(kept.KeptFileCount > 0, "the default keeps files open");
        Assert.Equal(0, none.KeptFileCount);
    }
}
