using System.Net;
using System.Net.Sockets;
using JailMetrics.Snmp.AgentX.Protocol;
using JailMetrics.Snmp.Mib;

namespace JailMetrics.Snmp.Tests.AgentX;

/// <summary>
/// An in-process AgentX master on a loopback TCP port, driven step by step by a test: it accepts
/// sub-agent connections and lets the test read their PDUs and answer (or not) as it likes.
/// </summary>
internal sealed class FakeAgentXMaster : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);

    public FakeAgentXMaster() => _listener.Start();

    /// <summary>The address to put in AgentXOptions.Master.</summary>
    public string Address => $"tcp:127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    public async Task<FakeMasterConnection> AcceptAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        Socket socket = await _listener.AcceptSocketAsync(cancel.Token);
        return new FakeMasterConnection(socket);
    }

    public ValueTask DisposeAsync()
    {
        _listener.Stop();
        return ValueTask.CompletedTask;
    }
}

internal sealed class FakeMasterConnection : IAsyncDisposable
{
    public static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(10);

    private readonly NetworkStream _stream;
    private uint _nextPacketId = 1000;

    public FakeMasterConnection(Socket socket) => _stream = new NetworkStream(socket, ownsSocket: true);

    public async Task<AgentXPdu> ReceiveAsync()
    {
        using var cancel = new CancellationTokenSource(StepTimeout);
        byte[] header = new byte[AgentXHeader.Size];
        await _stream.ReadExactlyAsync(header, cancel.Token);
        var parsed = AgentXHeader.Read(header);
        byte[] payload = new byte[parsed.PayloadLength];
        await _stream.ReadExactlyAsync(payload, cancel.Token);
        return AgentXPduCodec.Decode(parsed, payload);
    }

    public async Task<T> ReceiveAsync<T>() where T : AgentXPdu => Assert.IsType<T>(await ReceiveAsync());

    public async Task SendAsync(AgentXPdu pdu, bool networkByteOrder = true) => await SendRawAsync(AgentXPduCodec.Encode(pdu, networkByteOrder));

    public async Task SendRawAsync(byte[] octets)
    {
        using var cancel = new CancellationTokenSource(StepTimeout);
        await _stream.WriteAsync(octets, cancel.Token);
    }

    /// <summary>Answers <paramref name="request"/> (a PDU the sub-agent sent) with <paramref name="error"/>.</summary>
    public Task AnswerAsync(AgentXPdu request, uint sessionId, AgentXErrorStatus error = AgentXErrorStatus.NoError, bool networkByteOrder = true) =>
        SendAsync(new AgentXResponsePdu(1234, error, 0, []) { SessionId = sessionId, TransactionId = request.TransactionId, PacketId = request.PacketId }, networkByteOrder);

    /// <summary>Plays the master's part of Open and of <paramref name="subtrees"/> Registers; returns the Open and the registered subtrees.</summary>
    public async Task<(AgentXOpenPdu Open, List<Oid> Subtrees)> AcceptSessionAsync(uint sessionId, int subtrees = 1, bool networkByteOrder = true)
    {
        var open = await ReceiveAsync<AgentXOpenPdu>();
        await AnswerAsync(open, sessionId, networkByteOrder: networkByteOrder);
        var registered = new List<Oid>();
        for (int i = 0; i < subtrees; i++)
        {
            var register = await ReceiveAsync<AgentXRegisterPdu>();
            Assert.Equal(sessionId, register.SessionId);
            registered.Add(register.Subtree);
            await AnswerAsync(register, sessionId, networkByteOrder: networkByteOrder);
        }
        return (open, registered);
    }

    /// <summary>Sends a request as a master would and returns the sub-agent's Response.</summary>
    public async Task<AgentXResponsePdu> RequestAsync(AgentXPdu request, uint sessionId, bool networkByteOrder = true)
    {
        uint packetId = _nextPacketId++;
        await SendAsync(request with { SessionId = sessionId, TransactionId = packetId + 5000, PacketId = packetId }, networkByteOrder);
        var response = await ReceiveAsync<AgentXResponsePdu>();
        Assert.Equal((sessionId, packetId + 5000, packetId), (response.SessionId, response.TransactionId, response.PacketId));
        return response;
    }

    /// <summary>Reads until the sub-agent closes the connection; returns what it sent meanwhile.</summary>
    public async Task<List<AgentXPdu>> ReadUntilClosedAsync()
    {
        var received = new List<AgentXPdu>();
        while (true)
        {
            try
            {
                received.Add(await ReceiveAsync());
            }
            catch (EndOfStreamException)
            {
                return received;
            }
            catch (IOException)
            {
                return received; // reset rather than an orderly close
            }
        }
    }

    public async ValueTask DisposeAsync() => await _stream.DisposeAsync();
}
