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
    public void Publish_keeps_latest_and_previous_and_numbers_samples()
    {
        var store = new SnapshotStore([]);
        var first = store.Publish(At(0, Jail("www", 1)));
        var second = store.Publish(At(10, Jail("www", 1)));

        Assert.Same(second, store.Latest);
        Assert.Same(first, store.Previous);
        Assert.Equal(1, first.Sequence);
        Assert.Equal(2, second.Sequence);
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
}
