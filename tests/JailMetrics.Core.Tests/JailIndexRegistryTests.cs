using JailMetrics.State;
using static JailMetrics.Core.Tests.TestSnapshots;

namespace JailMetrics.Core.Tests;

public sealed class JailIndexRegistryTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("jm-state-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Indexes_are_stable_across_restarts_and_never_reused()
    {
        var first = new JailIndexRegistry(_directory);
        first.OnSnapshot(At(0, Jail("host", 0), Jail("www", 11), Jail("db", 12)));
        int www = first.IndexOf("www"), db = first.IndexOf("db");

        var restarted = new JailIndexRegistry(_directory);
        restarted.OnSnapshot(At(0, Jail("db", 99))); // db restarted with a new id; www is gone for now

        Assert.Equal(1, restarted.IndexOf("host"));
        Assert.Equal(db, restarted.IndexOf("db"));
        Assert.Equal(www, restarted.IndexOf("www"));
        Assert.NotEqual(www, db);
        int mail = restarted.IndexOf("mail");
        Assert.True(mail > Math.Max(www, db));
    }

    [Fact]
    public void A_sample_with_many_new_jails_gets_distinct_indexes_that_survive_a_restart()
    {
        var jails = Enumerable.Range(0, 1000).Select(i => Jail($"jail{i}", i + 1)).ToArray();
        var registry = new JailIndexRegistry(_directory);
        registry.OnSnapshot(At(0, jails));

        var restarted = new JailIndexRegistry(_directory);
        var indexes = jails.Select(j => restarted.IndexOf(j.Name)).ToList();
        Assert.Equal(1000, indexes.Distinct().Count());
        Assert.Equal(Enumerable.Range(2, 1000), indexes); // in sample order, after the host's 1
    }

    [Fact]
    public void A_corrupt_state_file_is_set_aside_and_numbering_starts_again()
    {
        File.WriteAllText(Path.Combine(_directory, JailIndexRegistry.FileName), "{ not json");

        var registry = new JailIndexRegistry(_directory);

        Assert.Equal(1, registry.IndexOf("host"));
        Assert.Equal(2, registry.IndexOf("www"));
        Assert.True(File.Exists(Path.Combine(_directory, JailIndexRegistry.FileName + ".corrupt")));
        Assert.Contains("\"www\": 2", File.ReadAllText(Path.Combine(_directory, JailIndexRegistry.FileName)));
    }

    [Fact]
    public void The_state_file_is_written_atomically_without_leftovers()
    {
        var registry = new JailIndexRegistry(_directory);
        for (int i = 0; i < 20; i++) registry.IndexOf($"jail{i}");

        Assert.Equal([JailIndexRegistry.FileName], Directory.GetFiles(_directory).Select(Path.GetFileName));
    }
}
