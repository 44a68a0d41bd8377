using System.Net;
using System.Net.Sockets;

namespace JailMetrics.Snmp.Notifications;

/// <summary>
/// One target's UDP socket: an ephemeral local port from which its notifications leave and on which
/// its Responses and Reports come back. Unconnected, so an ICMP "port unreachable" from a dead
/// receiver does not surface as an error on a later receive: the inform simply times out and is
/// retried like any lost datagram. Recreated when the target's address family changes.
/// </summary>
internal sealed class NotificationSocket : IDisposable
{
    /// <summary>Any UDP payload fits, so a big Response is never truncated into garbage.</summary>
    private const int ReceiveBufferSize = 65536;

    private readonly byte[] _receiveBuffer = new byte[ReceiveBufferSize];
    private Socket? _socket;

    public async ValueTask SendAsync(byte[] datagram, IPEndPoint to, CancellationToken cancellationToken)
    {
        var socket = SocketFor(to.AddressFamily);
        await socket.SendToAsync(datagram, SocketFlags.None, to, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The next datagram to arrive within <paramref name="timeout"/>, or null when the time is up.</summary>
    public async ValueTask<byte[]?> ReceiveAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        var socket = _socket ?? throw new InvalidOperationException("nothing was sent from this socket yet");
        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, cancellationToken);
        EndPoint any = socket.AddressFamily == AddressFamily.InterNetworkV6 ? new IPEndPoint(IPAddress.IPv6Any, 0) : new IPEndPoint(IPAddress.Any, 0);
        while (true)
        {
            try
            {
                var result = await socket.ReceiveFromAsync(_receiveBuffer, SocketFlags.None, any, linked.Token).ConfigureAwait(false);
                return _receiveBuffer.AsSpan(0, result.ReceivedBytes).ToArray();
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                return null;
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionRefused)
            {
                // Windows reports an earlier datagram's ICMP unreachable here; the wait goes on.
            }
        }
    }

    public void Dispose() => _socket?.Dispose();

    private Socket SocketFor(AddressFamily family)
    {
        if (_socket is not null && _socket.AddressFamily == family) return _socket;
        _socket?.Dispose();
        var socket = new Socket(family, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.Bind(new IPEndPoint(family == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0));
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        _socket = socket;
        return socket;
    }
}
