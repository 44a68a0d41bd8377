using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using JailMetrics.Snmp.Protocol;

namespace JailMetrics.Snmp.Tests.Notifications;

/// <summary>
/// A loopback UDP socket that records every datagram it gets and answers none (a receiver that is
/// down or unreachable), or, given a policy, answers some InformRequests with a Response.
/// </summary>
internal sealed class SilentReceiver : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<(TimeSpan At, byte[] Datagram)> _received = [];
    private readonly Thread _loop;

    /// <param name="answer">Given the transmission's 1-based number, whether to answer it (null: never).</param>
    public SilentReceiver(Func<int, bool>? answer = null)
    {
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        // A thread of its own, not the thread pool: arrival times must stay accurate while parallel
        // tests keep the pool busy, or the backoff gaps measured from them would be wrong.
        _loop = new Thread(() => ReceiveLoop(answer ?? (_ => false))) { IsBackground = true, Name = "SilentReceiver" };
        _loop.Start();
    }

    public string Address => $"127.0.0.1:{((IPEndPoint)_socket.LocalEndPoint!).Port}";

    /// <summary>What arrived so far, with when (since this receiver was created).</summary>
    public IReadOnlyList<(TimeSpan At, CommunityMessage Message)> Received
    {
        get
        {
            lock (_received) return _received.Select(r => (r.At, CommunityMessageDecoder.Decode(r.Datagram))).ToList();
        }
    }

    public void Dispose()
    {
        _socket.Dispose(); // unblocks the receive; the loop ends
        _loop.Join(TimeSpan.FromSeconds(5));
    }

    private void ReceiveLoop(Func<int, bool> answer)
    {
        var buffer = new byte[65536];
        try
        {
            while (true)
            {
                EndPoint from = new IPEndPoint(IPAddress.Any, 0);
                int length = _socket.ReceiveFrom(buffer, ref from);
                byte[] datagram = buffer.AsSpan(0, length).ToArray();
                int count;
                lock (_received)
                {
                    _received.Add((_clock.Elapsed, datagram));
                    count = _received.Count;
                }
                if (!answer(count)) continue;

                var inform = CommunityMessageDecoder.Decode(datagram);
                var response = new CommunityMessage(inform.Version, inform.Community,
                    new Pdu(PduType.Response, inform.Pdu.RequestId, 0, 0, inform.Pdu.VarBinds));
                _socket.SendTo(CommunityMessageEncoder.Encode(response), from);
            }
        }
        catch (Exception e) when (e is ObjectDisposedException or SocketException)
        {
            // Disposed.
        }
    }
}
