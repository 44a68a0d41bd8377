using JailMetrics.Model;
using JailMetrics.Store;
using static JailMetrics.Core.Tests.TestSnapshots;

namespace JailMetrics.Core.Tests;

public class SnapshotStoreTests
{
    private sealed class RecordingConsumer : ISnapshotConsumer
    {
        public List<Snapshot> Seen { get; } = [];
        public void OnSnapshot(Snapshot current) => Seen.Add(current);
    }

    private sealed class BrokenConsumer : ISnapshotConsumer
    {
        public void OnSnapshot(Snapshot current) => throw new InvalidOperationException("view broke");
    }

    [Fact]
    public void Publish_keeps_the_latest_and_numbers_samples()
    {
        var store = new SnapshotStore([]);
        var first = store.Publish(At(0, Jail("www", 1)));
        var second = store.Publish(At(10, Jail("www", 1)));

        Assert.Same(second, store.Latest);
        Assert.Equal(1, first.Sequence);
        Assert.Equal(2, second.Sequence);
        Assert.Empty(store.Vanished);
    }

    [Fact]
    public void Of_the_previous_sample_only_the_jails_that_vanished_are_kept()
    {
        var store = new SnapshotStore([]);
        var (previous, db) = PublishAndForget(store, At(0, Jail("www", 1), Jail("db", 2)));
        store.Publish(At(10, Jail("www", 1)));
        GC.Collect();

        Assert.Same(db, Assert.Single(store.Vanished));
        Assert.Same(db, store.FindLatestOrVanished("db"));
        Assert.Same(store.Latest.Jails[0], store.FindLatestOrVanished("www"));
        Assert.Null(store.FindLatestOrVanished("mail"));
        Assert.False(previous.IsAlive, "the whole previous sample is still referenced");

        store.Publish(At(20, Jail("www", 1)));
        Assert.Empty(store.Vanished); // gone for one sample only, as the previous sample was
        Assert.Null(store.FindLatestOrVanished("db"));
    }

    [Fact]
    public void Consumers_see_derived_rates_and_a_broken_consumer_does_not_stop_the_others()
    {
        var recorder = new RecordingConsumer();
        var store = new SnapshotStore([new BrokenConsumer(), recorder]);

        store.Publish(At(0, Jail("www", 1, (Resource.CpuTime, 1.0))));
        store.Publish(At(1, Jail("www", 1, (Resource.CpuTime, 1.5))));

        Assert.Equal(2, recorder.Seen.Count);
        Assert.Equal(50.0, recorder.Seen[1].Jails[0].Usage[Resource.Pcpu]!.Value, 6);
    }

    // Not inlined, so no local of the test's frame keeps the published sample reachable.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static (WeakReference Sample, JailSample Db) PublishAndForget(SnapshotStore store, Snapshot raw)
    {
        var published = store.Publish(raw);
        return (new WeakReference(published), published.Jails[1]);
    }
}
