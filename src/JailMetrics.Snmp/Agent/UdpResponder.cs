using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using JailMetrics.Snmp.Protocol;
using Microsoft.Extensions.Logging;

namespace JailMetrics.Snmp.Agent;

/// <summary>
/// One UDP socket and its receive loop on a thread of its own: receive a datagram, dispatch it
/// synchronously, send the answer to the sender, repeat. The loop calls recvfrom/sendto directly
/// (<see cref="DatagramCalls"/>) on buffers pinned once and a reused sockaddr, so a request/response
/// cycle allocates nothing and costs the two system calls and little around them; the
/// <see cref="Socket"/> still creates, binds, owns and closes the socket.
/// </summary>
internal sealed class UdpResponder : IDisposable
{
    private const int ReceiveBufferSize = 1 << 20;

    /// <summary>
    /// Larger than any UDP payload (65,507 octets over IPv4, 65,527 over IPv6 without jumbograms),
    /// so recvfrom never truncates a datagram: an oversized message reaches the dispatcher whole and
    /// is counted there, never cut into something that might parse.
    /// </summary>
    internal const int DatagramBufferSize = 65536;

    private readonly Socket _socket;
    private volatile bool _closed;

    private UdpResponder(Socket socket)
    {
        _socket = socket;
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
    }

    public IPEndPoint LocalEndPoint { get; }

    /// <summary>Binds now, so a bad or busy address fails the agent's start rather than a background task.</summary>
    public static UdpResponder Bind(IPEndPoint endpoint)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            // [::] means IPv6 only: IPv4 is configured separately, and a dual-stack socket would
            // collide with an explicit 0.0.0.0 listener on the same port.
            if (endpoint.AddressFamily == AddressFamily.InterNetworkV6) socket.DualMode = false;
            // Room for a burst of requests while one is being answered (the kernel caps it at its rmem_max).
            socket.ReceiveBufferSize = ReceiveBufferSize;
            socket.Bind(endpoint);
            return new UdpResponder(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Serves the socket on a dedicated thread with blocking receive and send until
    /// <paramref name="stopping"/> fires or the responder is disposed (either closes the socket,
    /// which wakes a blocked recvfrom). A dedicated thread, not async socket calls: each async
    /// receive hands the datagram from the socket engine to a thread-pool worker, and those
    /// hand-offs (context switches and pool spinning) cost several times the SNMP work itself —
    /// measured in bench/snmp-bulkwalk.sh, see BENCHMARKS.md.
    /// </summary>
    public Task RunAsync(SnmpMessageDispatcher dispatcher, SnmpAgentCounters counters, ILogger logger, CancellationToken stopping)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var unblock = stopping.Register(Dispose);
        var thread = new Thread(() =>
        {
            try
            {
                Serve(dispatcher, counters, logger);
                done.SetResult();
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
            finally
            {
                // After Serve has let go of the socket: Dispose (the callback) waits for that.
                unblock.Dispose();
            }
        })
        {
            IsBackground = true,
            Name = $"snmp {LocalEndPoint}",
        };
        thread.Start();
        return done.Task;
    }

    private unsafe void Serve(SnmpMessageDispatcher dispatcher, SnmpAgentCounters counters, ILogger logger)
    {
        // Holding a reference keeps the descriptor open and unreused while the loop uses it as a
        // plain int. Closing the Socket meanwhile shuts it down (which wakes a blocked recvfrom with
        // 0 octets) and waits for this reference to go before it closes the descriptor.
        SafeSocketHandle handle = _socket.SafeHandle;
        bool referenced = false;
        try
        {
            handle.DangerousAddRef(ref referenced);
        }
        catch (ObjectDisposedException)
        {
            return; // stopped before the thread ran
        }
        try
        {
            int fd = (int)handle.DangerousGetHandle();
            AddressFamily family = _socket.AddressFamily;
            byte[] received = GC.AllocateUninitializedArray<byte>(DatagramBufferSize, pinned: true);
            byte[] answer = GC.AllocateUninitializedArray<byte>(dispatcher.MaxMessageSize, pinned: true);
            byte[] source = GC.AllocateArray<byte>(DatagramCalls.SockaddrStorageSize, pinned: true);
            var response = new ResponsePdu();
            fixed (byte* receivedAt = received, answerAt = answer, sourceAt = source)
            {
                while (!_closed)
                {
                    uint sourceLength = (uint)source.Length;
                    nint length = DatagramCalls.ReceiveFrom(fd, receivedAt, (nuint)received.Length, 0, sourceAt, &sourceLength);
                    if (_closed) break;
                    if (length < 0)
                    {
                        // e.g. an ICMP error for an earlier answer surfacing on this socket: not fatal.
                        int error = Marshal.GetLastPInvokeError();
                        if (error != DatagramCalls.Interrupted)
                            logger.LogDebug("SNMP receive on {Endpoint} failed: {Error}", LocalEndPoint, Marshal.GetPInvokeErrorMessage(error));
                        continue;
                    }

                    var sourceAddress = source.AsSpan(0, (int)Math.Min(sourceLength, (uint)source.Length));
                    int answerLength;
                    try
                    {
                        answerLength = dispatcher.Dispatch(received.AsSpan(0, (int)length), IpNetwork.AddressOf(family, sourceAddress), answer, response);
                    }
                    catch (Exception e)
                    {
                        // Only a bug gets here (hostile input is counted and dropped inside); keep serving.
                        logger.LogError(e, "SNMP request from {Source} could not be handled", IpNetwork.EndPointOf(family, sourceAddress));
                        continue;
                    }
                    if (answerLength == 0) continue;

                    if (DatagramCalls.SendTo(fd, answerAt, (nuint)answerLength, 0, sourceAt, (uint)sourceAddress.Length) >= 0)
                        counters.CountOutPkt();
                    else if (!_closed)
                        logger.LogDebug("SNMP answer to {Source} could not be sent: {Error}",
                            IpNetwork.EndPointOf(family, sourceAddress), Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError()));
                }
            }
        }
        finally
        {
            handle.DangerousRelease();
        }
    }

    /// <summary>Closes the socket; a running loop wakes and ends. Safe to call more than once, from any thread.</summary>
    public void Dispose()
    {
        _closed = true;
        _socket.Dispose();
    }
}
