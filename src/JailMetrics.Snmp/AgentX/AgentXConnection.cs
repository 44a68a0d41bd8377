using System.Net.Sockets;
using JailMetrics.Snmp.AgentX.Protocol;

namespace JailMetrics.Snmp.AgentX;

/// <summary>
/// One stream connection to a master, framed into PDUs (RFC 2741 §6.1: a 20-octet header whose
/// payload_length says how much follows). One reader at a time; writers are serialised so PDUs
/// never interleave on the wire.
/// </summary>
internal sealed class AgentXConnection : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly byte[] _header = new byte[AgentXHeader.Size];

    private AgentXConnection(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
    }

    public static async Task<AgentXConnection> ConnectAsync(AgentXMasterAddress master, CancellationToken cancellationToken)
    {
        Socket socket = master.CreateSocket();
        try
        {
            await socket.ConnectAsync(master.EndPoint, cancellationToken).ConfigureAwait(false);
            return new AgentXConnection(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>The next PDU from the master.</summary>
    /// <exception cref="EndOfStreamException">the master closed the connection.</exception>
    /// <exception cref="AgentXFormatException">the PDU is malformed; the stream cannot be trusted after it.</exception>
    public async Task<AgentXPdu> ReceiveAsync(CancellationToken cancellationToken)
    {
        await _stream.ReadExactlyAsync(_header, cancellationToken).ConfigureAwait(false);
        var header = AgentXHeader.Read(_header); // bounds payload_length before we allocate for it
        byte[] payload = new byte[header.PayloadLength];
        await _stream.ReadExactlyAsync(payload, cancellationToken).ConfigureAwait(false);
        return AgentXPduCodec.Decode(header, payload);
    }

    public async Task SendAsync(AgentXPdu pdu, CancellationToken cancellationToken)
    {
        byte[] octets = AgentXPduCodec.Encode(pdu);
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _stream.WriteAsync(octets, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException)
        {
            // already gone: nothing to shut down
        }
        catch (ObjectDisposedException)
        {
        }
        // _writeGate is not disposed: a sender may still be waiting on it, and it holds no handle.
        await _stream.DisposeAsync().ConfigureAwait(false);
    }
}
