using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace JailMetrics.FreeBsd.Devd;

/// <summary>
/// Listens to devd(8) for RCTL breach events (rules with action <c>devctl</c>). The kernel's
/// /dev/devctl has a single reader, devd, which relays every event to its client sockets
/// (sbin/devd/devd.cc <c>notify_clients</c>; reference freebsd.md §1.8): the SOCK_SEQPACKET socket
/// /var/run/devd.seqpacket.pipe delivers one event per record, the older SOCK_STREAM /var/run/devd.pipe
/// newline-separated lines. This reader prefers the first and falls back to the second, reconnects with
/// exponential backoff when devd restarts, publishes parsed events on <see cref="Events"/> and counts them
/// in <see cref="Counts"/>. Run <see cref="RunAsync"/> from a BackgroundService's ExecuteAsync.
/// </summary>
public sealed class DevdEventReader
{
    // devd relays the kernel's line as read from /dev/devctl; a record never exceeds this.
    private const int RecordBufferSize = 8192;

    private readonly DevdEventReaderOptions _options;
    private readonly ILogger _logger;
    private readonly Channel<RctlBreachEvent> _events;

    public DevdEventReader(DevdEventReaderOptions options, ILogger<DevdEventReader>? logger = null)
    {
        _options = options;
        _logger = logger ?? NullLogger<DevdEventReader>.Instance;
        _events = Channel.CreateBounded<RctlBreachEvent>(new BoundedChannelOptions(options.Capacity)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleWriter = true,
        });
    }

    /// <summary>Breach events in arrival order; the oldest are dropped when nobody reads.</summary>
    public ChannelReader<RctlBreachEvent> Events => _events.Reader;

    /// <summary>Breaches per (jail, resource) since start.</summary>
    public BreachCounter Counts { get; } = new();

    /// <summary>The socket currently connected, or null between connections.</summary>
    public string? ConnectedPath { get; private set; }

    /// <summary>Connects, reads and reconnects until <paramref name="stoppingToken"/> is cancelled; then completes <see cref="Events"/>.</summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        TimeSpan backoff = _options.InitialBackoff;
        bool warnedUnavailable = false;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var connection = await ConnectAsync(stoppingToken).ConfigureAwait(false);
                if (connection is null)
                {
                    if (!warnedUnavailable)
                        _logger.LogWarning("Cannot connect to devd at {Seqpacket} or {Stream}; RCTL breach events are unavailable until it is running (retrying)",
                            _options.SeqpacketPath, _options.StreamPath);
                    warnedUnavailable = true;
                    await Task.Delay(backoff, stoppingToken).ConfigureAwait(false);
                    backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, _options.MaxBackoff.Ticks));
                    continue;
                }

                warnedUnavailable = false;
                backoff = _options.InitialBackoff;
                using (connection.Socket)
                {
                    ConnectedPath = connection.Path;
                    _logger.LogInformation("Listening for RCTL events on {Path}", connection.Path);
                    try
                    {
                        if (connection.Socket.SocketType == SocketType.Seqpacket)
                            await ReadRecordsAsync(connection.Socket, stoppingToken).ConfigureAwait(false);
                        else
                            await ReadLinesAsync(connection.Socket, stoppingToken).ConfigureAwait(false);
                        _logger.LogWarning("devd closed {Path}; reconnecting", connection.Path);
                    }
                    catch (Exception e) when (e is SocketException or IOException)
                    {
                        _logger.LogWarning("Lost the devd connection on {Path} ({Reason}); reconnecting", connection.Path, e.Message);
                    }
                    finally
                    {
                        ConnectedPath = null;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            _events.Writer.TryComplete();
        }
    }

    private async Task<Connection?> ConnectAsync(CancellationToken cancellationToken)
    {
        // .NET maps SocketType.Seqpacket to SOCK_SEQPACKET on every Unix; should this runtime refuse it,
        // the stream socket is the fallback (reference §1.8 marks .NET seqpacket on FreeBSD unverified).
        return await TryConnectAsync(_options.SeqpacketPath, SocketType.Seqpacket, cancellationToken).ConfigureAwait(false)
            ?? await TryConnectAsync(_options.StreamPath, SocketType.Stream, cancellationToken).ConfigureAwait(false);
    }

    private async Task<Connection?> TryConnectAsync(string path, SocketType type, CancellationToken cancellationToken)
    {
        Socket? socket = null;
        try
        {
            socket = new Socket(AddressFamily.Unix, type, ProtocolType.Unspecified);
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cancellationToken).ConfigureAwait(false);
            return new Connection(socket, path);
        }
        catch (Exception e) when (e is SocketException or IOException or PlatformNotSupportedException or NotSupportedException)
        {
            _logger.LogDebug("Cannot connect to {Path} ({Type}): {Reason}", path, type, e.Message);
            socket?.Dispose();
            return null;
        }
    }

    /// <summary>SOCK_SEQPACKET: each receive is one whole event; 0 bytes means devd went away.</summary>
    private async Task ReadRecordsAsync(Socket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[RecordBufferSize];
        while (true)
        {
            int received = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (received == 0) return;
            // devd relays the kernel's text including its trailing newline; TryParse trims it.
            Handle(Encoding.UTF8.GetString(buffer, 0, received));
        }
    }

    /// <summary>SOCK_STREAM: events are lines; a line may arrive in pieces.</summary>
    private async Task ReadLinesAsync(Socket socket, CancellationToken cancellationToken)
    {
        using var stream = new NetworkStream(socket, ownsSocket: false);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
            Handle(line);
    }

    private void Handle(string line)
    {
        if (!DevdEventParser.TryParse(line, out var breach)) return;
        Counts.Record(breach);
        _events.Writer.TryWrite(breach);
        _logger.LogDebug("RCTL breach: {Rule} by pid {Pid} in jail {Jail}", breach.RuleText, breach.Pid, breach.Jail);
    }

    private sealed record Connection(Socket Socket, string Path);
}
