using System.Net.Sockets;
using JailMetrics.FreeBsd.Devd;
using JailMetrics.Model;

namespace JailMetrics.FreeBsd.Tests.Devd;

/// <summary>The reader against real Unix-domain sockets standing in for devd's two client sockets.</summary>
public sealed class DevdEventReaderTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private const string PgMemory = "!system=RCTL subsystem=rule type=matched rule=jail:pg1:memoryuse:devctl=2147483648 pid=4242 ruid=70 jail=pg1\n";
    private const string WebProcs = "!system=RCTL subsystem=rule type=matched rule=jail:web:maxproc:devctl=100 pid=77 ruid=80 jail=web\n";
    private const string LinkUp = "!system=IFNET subsystem=em0 type=LINK_UP\n";

    private readonly string _directory = Directory.CreateTempSubdirectory("jm-devd-").FullName;
    private readonly CancellationTokenSource _stop = new();

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private string SeqpacketPath => Path.Combine(_directory, "devd.seqpacket.pipe");

    private string StreamPath => Path.Combine(_directory, "devd.pipe");

    [Fact]
    public async Task It_reads_one_event_per_seqpacket_record()
    {
        using var devd = new FakeDevdSocket(SeqpacketPath, SocketType.Seqpacket);
        var reader = Reader();
        var run = reader.RunAsync(_stop.Token);

        var client = await devd.AcceptAsync(Patience);
        await FakeDevdSocket.SendAsync(client, PgMemory);
        await FakeDevdSocket.SendAsync(client, LinkUp);
        await FakeDevdSocket.SendAsync(client, WebProcs);

        var first = await Next(reader);
        var second = await Next(reader);
        Assert.Equal(("pg1", Resource.MemoryUse, 4242), (first.Jail, first.Resource, first.Pid));
        Assert.Equal(("web", Resource.MaxProc, 77), (second.Jail, second.Resource, second.Pid));
        Assert.Equal(SeqpacketPath, reader.ConnectedPath);
        Assert.Equal(1, reader.Counts.Count("pg1", Resource.MemoryUse));
        Assert.Equal(1, reader.Counts.Count("web", Resource.MaxProc));

        await Stop(run);
    }

    [Fact]
    public async Task Without_the_seqpacket_socket_it_falls_back_to_the_stream_socket_and_reassembles_lines()
    {
        using var devd = new FakeDevdSocket(StreamPath, SocketType.Stream);
        var reader = Reader();
        var run = reader.RunAsync(_stop.Token);

        var client = await devd.AcceptAsync(Patience);
        string both = PgMemory + LinkUp + WebProcs;
        await FakeDevdSocket.SendAsync(client, both[..50]);
        await Task.Delay(50);
        await FakeDevdSocket.SendAsync(client, both[50..150]);
        await Task.Delay(50);
        await FakeDevdSocket.SendAsync(client, both[150..]);

        Assert.Equal("pg1", (await Next(reader)).Jail);
        Assert.Equal("web", (await Next(reader)).Jail);
        Assert.Equal(StreamPath, reader.ConnectedPath);

        await Stop(run);
    }

    [Fact]
    public async Task Breaches_are_counted_per_jail_and_resource()
    {
        using var devd = new FakeDevdSocket(SeqpacketPath, SocketType.Seqpacket);
        var reader = Reader();
        var run = reader.RunAsync(_stop.Token);

        var client = await devd.AcceptAsync(Patience);
        for (int i = 0; i < 3; i++) await FakeDevdSocket.SendAsync(client, PgMemory);
        await FakeDevdSocket.SendAsync(client, WebProcs);
        for (int i = 0; i < 4; i++) await Next(reader);

        Assert.Equal(3, reader.Counts.Count("pg1", Resource.MemoryUse));
        Assert.Equal(1, reader.Counts.Count("web", Resource.MaxProc));
        Assert.Equal(0, reader.Counts.Count("web", Resource.MemoryUse));
        Assert.Equal(2, reader.Counts.ByJailAndResource.Count);

        await Stop(run);
    }

    [Fact]
    public async Task It_reconnects_when_devd_drops_the_connection()
    {
        using var devd = new FakeDevdSocket(SeqpacketPath, SocketType.Seqpacket);
        var reader = Reader();
        var run = reader.RunAsync(_stop.Token);

        var first = await devd.AcceptAsync(Patience);
        await FakeDevdSocket.SendAsync(first, PgMemory);
        Assert.Equal("pg1", (await Next(reader)).Jail);
        first.Dispose(); // devd throws slow or dead clients overboard; a devd restart looks the same

        var second = await devd.AcceptAsync(Patience);
        await FakeDevdSocket.SendAsync(second, WebProcs);
        Assert.Equal("web", (await Next(reader)).Jail);

        await Stop(run);
    }

    [Fact]
    public async Task It_keeps_retrying_until_devd_appears()
    {
        var reader = Reader();
        var run = reader.RunAsync(_stop.Token);
        await Task.Delay(300);
        Assert.Null(reader.ConnectedPath);

        using var devd = new FakeDevdSocket(SeqpacketPath, SocketType.Seqpacket);
        var client = await devd.AcceptAsync(Patience);
        await FakeDevdSocket.SendAsync(client, PgMemory);

        Assert.Equal("pg1", (await Next(reader)).Jail);
        await Stop(run);
    }

    [Fact]
    public async Task Stopping_completes_the_event_channel()
    {
        var reader = Reader();
        var run = reader.RunAsync(_stop.Token);

        await Stop(run);

        Assert.True(reader.Events.Completion.IsCompleted);
    }

    [Fact]
    public async Task The_hosted_service_runs_the_reader_until_the_host_stops()
    {
        using var devd = new FakeDevdSocket(SeqpacketPath, SocketType.Seqpacket);
        var reader = Reader();
        using var service = new DevdBreachService(reader);
        await service.StartAsync(CancellationToken.None);

        var client = await devd.AcceptAsync(Patience);
        await FakeDevdSocket.SendAsync(client, WebProcs);
        Assert.Equal("web", (await Next(reader)).Jail);

        await service.StopAsync(CancellationToken.None);
        await reader.Events.Completion.WaitAsync(Patience);
    }

    private DevdEventReader Reader() => new(new DevdEventReaderOptions
    {
        SeqpacketPath = SeqpacketPath,
        StreamPath = StreamPath,
        InitialBackoff = TimeSpan.FromMilliseconds(20),
        MaxBackoff = TimeSpan.FromMilliseconds(100),
    });

    private static async Task<RctlBreachEvent> Next(DevdEventReader reader)
    {
        using var timeout = new CancellationTokenSource(Patience);
        return await reader.Events.ReadAsync(timeout.Token);
    }

    private async Task Stop(Task run)
    {
        await _stop.CancelAsync();
        await run.WaitAsync(Patience);
    }
}
