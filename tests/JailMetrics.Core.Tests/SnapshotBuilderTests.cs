using JailMetrics.Model;
using JailMetrics.Sampling;

namespace JailMetrics.Core.Tests;

public class SnapshotBuilderTests
{
    private sealed class DelegateCollector(string name, Action<CollectorWriter> collect) : ICollector<object?>
    {
        public string Name => name;
        public void Collect(object? scan, CollectorWriter writer, CancellationToken cancellationToken) => collect(writer);
    }

    private static readonly JailInfo[] TwoJails =
    [
        JailInfo.Host("box"),
        new JailInfo { Name = "www", Id = 4026532281 },
    ];

    [Fact]
    public void A_failing_collector_is_reported_and_leaves_no_half_values_while_the_others_publish()
    {
        var builder = new SnapshotBuilder(TwoJails);
        builder.Run(new DelegateCollector("memory", w => w.Usage(1).Set(Resource.MemoryUse, 4096)), null, default);
        builder.Run(new DelegateCollector("ipc", w =>
        {
            w.Usage(1).Set(Resource.NShm, 2);              // written before the failure …
            throw new IOException("permission denied");   // … so it must be discarded
        }), null, default);

        var snapshot = builder.Build();

        var www = snapshot.Find("www")!;
        Assert.Equal(4096.0, www.Usage[Resource.MemoryUse]);
        Assert.Null(www.Usage[Resource.NShm]);
        Assert.Collection(snapshot.Collectors,
            memory => Assert.True(memory.Success),
            ipc =>
            {
                Assert.False(ipc.Success);
                Assert.Equal("ipc", ipc.Name);
                Assert.Equal("permission denied", ipc.Error);
            });
    }

    [Fact]
    public void Interfaces_filesystem_and_host_limits_reach_the_snapshot()
    {
        var builder = new SnapshotBuilder(TwoJails);
        builder.Run(new DelegateCollector("network", w => w.SetInterfaces(1, [new("eth0", 1, 2, 3, 4, 5, 6, 7, 8)])), null, default);
        builder.Run(new DelegateCollector("disk", w => w.SetFilesystem(1, new("/", 100, 40, 30, 10, 4))), null, default);
        builder.Run(new DelegateCollector("ipc", w => w.SetHostLimit(HostIpcLimit.ShmMni, 4096)), null, default);

        var snapshot = builder.Build();

        var www = snapshot.Find("www")!;
        Assert.Equal(5UL, Assert.Single(www.Interfaces).TransmitBytes);
        Assert.Equal(60UL, www.Filesystem!.UsedBytes);
        Assert.Equal(6UL, www.Filesystem.FilesUsed);
        Assert.Equal(4096.0, snapshot.HostIpcLimits[HostIpcLimit.ShmMni]);
        Assert.Empty(snapshot.Find("host")!.Interfaces);
    }

    [Fact]
    public void Cancellation_is_not_reported_as_a_collector_failure()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var builder = new SnapshotBuilder(TwoJails);

        Assert.Throws<OperationCanceledException>(() =>
            builder.Run(new DelegateCollector("cpu", _ => cts.Token.ThrowIfCancellationRequested()), null, cts.Token));
    }
}
