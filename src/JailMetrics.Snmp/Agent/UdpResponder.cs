using System.Buffers;
using System.Net;
using System.Net.Sockets;
using JailMetrics.Snmp.Protocol;
using Microsoft.Extensions.Logging;

namespace JailMetrics.Snmp.Agent;

/// <summary>
/// One UDP socket and its receive loop on a thread of its own: receive a datagram, dispatch it
/// synchronously, send the answer to the sender, repeat. Buffers are pooled and reused, the source address is a reusable
/// <see cref="SocketAddress"/>, so a request/response cycle allocates nothing of its own.
/// </summary>
internal sealed class UdpResponder : IDisposable
{
    private const int ReceiveBufferSize = 1 << 20;

    private readonly Socket _socket;

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
    /// <paramref name="stopping"/> fires (which closes the socket to unblock it). A dedicated thread,
    /// not async socket calls: each async receive hands the datagram from the socket engine to a
    /// thread-pool worker, and those hand-offs (context switches and pool spinning) cost several
    /// times the SNMP work itself — measured in bench/snmp-bulkwalk.sh, see BENCHMARKS.md.
    /// </summary>
    public Task RunAsync(SnmpMessageDispatcher dispatcher, SnmpAgentCounters counters, ILogger logger, CancellationToken stopping)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var unblock = stopping.Register(_socket.Dispose); // a blocked ReceiveFrom returns when the socket closes
        var thread = new Thread(() =>
        {
            try
            {
                Serve(dispatcher, counters, logger, stopping);
                done.SetResult();
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
            finally
            {
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

    private void Serve(SnmpMessageDispatcher dispatcher, SnmpAgentCounters counters, ILogger logger, CancellationToken stopping)
    {
        byte[] received = ArrayPool<byte>.Shared.Rent(65536); // any UDP datagram fits, so none is truncated
        byte[] answer = ArrayPool<byte>.Shared.Rent(dispatcher.MaxMessageSize);
        var response = new ResponsePdu();
        var source = new SocketAddress(_socket.AddressFamily);
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                int length;
                try
                {
                    length = _socket.ReceiveFrom(received, SocketFlags.None, source);
                }
                catch (ObjectDisposedException) { break; }
                catch (SocketException e) when (stopping.IsCancellationRequested || e.SocketErrorCode == SocketError.OperationAborted) { break; }
                catch (SocketException e)
                {
                    // e.g. an ICMP error for an earlier answer surfacing on this socket: not fatal.
                    logger.LogDebug(e, "SNMP receive on {Endpoint} failed", LocalEndPoint);
                    continue;
                }

                int answerLength;
                try
                {
                    answerLength = dispatcher.Dispatch(received.AsSpan(0, length), IpNetwork.AddressOf(source), answer, response);
                }
                catch (Exception e)
                {
                    // Only a bug gets here (hostile input is counted and dropped inside); keep serving.
                    logger.LogError(e, "SNMP request from {Source} could not be handled", source);
                    continue;
                }
                if (answerLength == 0) continue;

                try
                {
                    _socket.SendTo(answer.AsSpan(0, answerLength), SocketFlags.None, source);
                    counters.CountOutPkt();
                }
                catch (ObjectDisposedException) { break; }
                catch (SocketException) when (stopping.IsCancellationRequested) { break; }
                catch (SocketException e)
                {
                    logger.LogDebug(e, "SNMP answer to {Source} could not be sent", source);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(received);
            ArrayPool<byte>.Shared.Return(answer);
        }
    }

    public void Dispose() => _socket.Dispose();
}
