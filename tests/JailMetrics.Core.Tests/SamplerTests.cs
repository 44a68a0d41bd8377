using JailMetrics.Model;
using JailMetrics.Sampling;
using JailMetrics.Store;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace JailMetrics.Core.Tests;

public class SamplerTests
{
    private sealed class CountingSource(Func<int, Snapshot> sample) : IJailSource
    {
        public int Calls;
        public string Platform => "test";
        public Snapshot Sample(CancellationToken cancellationToken) => sample(++Calls);
    }

    [Fact]
    public async Task The_first_sample_is_published_before_start_completes_and_then_every_interval()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var source = new CountingSource(_ => new SnapshotBuilder([JailInfo.Host("box")]).Build());
        var store = new SnapshotStore([]);
        var sampler = new Sampler(source, store, Options.Create(new SamplerOptions { Interval = TimeSpan.FromSeconds(10) }),
            NullLogger<Sampler>.Instance, time);

        await sampler.StartAsync(CancellationToken.None);
        Assert.Equal(1, store.Latest.Sequence);

        for (long expected = 2; expected <= 3; expected++)
        {
            var published = new TaskCompletionSource();
            long wanted = expected;
            store.Published += s => { if (s.Sequence == wanted) published.TrySetResult(); };
            time.Advance(TimeSpan.FromSeconds(10));
            await published.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }

        await sampler.StopAsync(CancellationToken.None);
        Assert.Equal(3, source.Calls);
    }

    [Fact]
    public void A_source_that_throws_publishes_nothing_and_the_sampler_carries_on()
    {
        var source = new CountingSource(n => n == 1
            ? throw new IOException("procfs unreadable")
            : new SnapshotBuilder([JailInfo.Host("box")]).Build());
        var store = new SnapshotStore([]);
        var sampler = new Sampler(source, store, Options.Create(new SamplerOptions()), NullLogger<Sampler>.Instance);

        Assert.Null(sampler.SampleOnce(CancellationToken.None));
        Assert.Same(Snapshot.Empty, store.Latest);
        Assert.NotNull(sampler.SampleOnce(CancellationToken.None));
        Assert.Equal(1, store.Latest.Sequence);
    }
}
