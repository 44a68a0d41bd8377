using System.Net;
using System.Net.Sockets;
using JailMetrics.Snmp.Agent;
using JailMetrics.Snmp.Mib;
using JailMetrics.Snmp.Protocol;
using JailMetrics.Snmp.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static JailMetrics.Snmp.Tests.Support.TestViews;

namespace JailMetrics.Snmp.Tests.Agent;

/// <summary>
/// The agent's receive loop over real sockets (it calls recvfrom/sendto itself, see UdpResponder):
/// answers go back to whoever asked on either address family, a datagram is seen whole however large
/// UDP lets it be, and stopping or disposing the agent ends a loop that is blocked in recvfrom.
/// </summary>
public class UdpResponderTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Each_sender_gets_its_own_answer_over_IPv4_and_IPv6()
    {
        await using var running = await RunningAgent.StartAsync(Jails());
        foreach (var agentEndpoint in running.Agent.BoundEndpoints)
        {
            var loopback = agentEndpoint.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Loopback : IPAddress.Loopback;
            using var first = new UdpClient(new IPEndPoint(loopback, 0));
            using var second = new UdpClient(new IPEndPoint(loopback, 0));
            // Interleaved, so an answer sent to the previous request's sockaddr would reach the wrong client.
            for (int i = 0; i < 3; i++)
            {
                await first.SendAsync(Get(requestId: 100 + i), agentEndpoint);
                await second.SendAsync(Get(requestId: 200 + i), agentEndpoint);
                Assert.Equal(100 + i, await ReceiveRequestId(first, agentEndpoint));
                Assert.Equal(200 + i, await ReceiveRequestId(second, agentEndpoint));
            }
        }
        Assert.Equal(12u, running.Agent.Counters.OutPkts);
    }

    [Fact]
    public async Task A_malformed_datagram_of_the_largest_UDP_payload_is_counted_and_dropped()
    {
        await using var running = await RunningAgent.StartAsync(Jails());
        // 65,507 octets is the largest UDP payload over IPv4, 65,527 over IPv6 (no jumbograms).
        foreach (var (agentEndpoint, largest) in running.Agent.BoundEndpoints.Zip([65_507, 65_527]))
        {
            using var client = new UdpClient(agentEndpoint.AddressFamily);
            uint parseErrors = running.Agent.Counters.InAsnParseErrs;
            // A valid request followed by trailing octets up to the largest payload: a parse error,
            // counted, not answered, and the next request is answered as usual.
            byte[] valid = Get(requestId: 91);
            byte[] padded = new byte[largest];
            valid.CopyTo(padded, 0);
            Assert.Equal(largest, await client.SendAsync(padded, agentEndpoint));
            await client.SendAsync(Get(requestId: 92), agentEndpoint);

            Assert.Equal(92, await ReceiveRequestId(client, agentEndpoint));
            Assert.Equal(parseErrors + 1, running.Agent.Counters.InAsnParseErrs);
        }
    }

    [Fact]
    public async Task A_valid_request_of_the_largest_UDP_payload_is_read_whole_and_answered()
    {
        await using var running = await RunningAgent.StartAsync(Jails());
        foreach (var (agentEndpoint, largest) in running.Agent.BoundEndpoints.Zip([65_507, 65_527]))
        {
            using var client = new UdpClient(agentEndpoint.AddressFamily);
            // Cut anywhere short of its end, this request would not parse (its lengths run past the data).
            byte[] request = GetOfSize(largest, requestId: 93);
            Assert.Equal(largest, await client.SendAsync(request, agentEndpoint));
            Assert.Equal(93, await ReceiveRequestId(client, agentEndpoint));
        }
    }

    [Fact]
    public async Task Stopping_the_agent_ends_a_loop_blocked_in_receive_and_closes_its_socket()
    {
        var agent = NewAgent();
        await agent.StartAsync(CancellationToken.None);
        var endpoint = agent.BoundEndpoints.Single();
        using (var client = new UdpClient(AddressFamily.InterNetwork))
        {
            // An answer means the loop ran and is now back in recvfrom, waiting.
            await client.SendAsync(Get(requestId: 7), endpoint);
            Assert.Equal(7, await ReceiveRequestId(client, endpoint));
        }

        // On a pool thread: a stop that never wakes the loop fails the test instead of hanging it.
        await Task.Run(() => agent.StopAsync(CancellationToken.None)).WaitAsync(Patience);
        await agent.ExecuteTask!.WaitAsync(Patience);
        Assert.True(agent.ExecuteTask.IsCompletedSuccessfully);
        agent.Dispose();
        AssertPortIsFree(endpoint);
    }

    [Fact]
    public async Task Disposing_the_agent_without_stopping_it_ends_the_loop_too()
    {
        var agent = NewAgent();
        await agent.StartAsync(CancellationToken.None);
        var endpoint = agent.BoundEndpoints.Single();
        using (var client = new UdpClient(AddressFamily.InterNetwork))
        {
            await client.SendAsync(Get(requestId: 8), endpoint);
            Assert.Equal(8, await ReceiveRequestId(client, endpoint));
        }

        await Task.Run(agent.Dispose).WaitAsync(Patience);
        await agent.ExecuteTask!.WaitAsync(Patience);
        Assert.True(agent.ExecuteTask.IsCompletedSuccessfully);
        AssertPortIsFree(endpoint);
    }

    private static SnmpAgent NewAgent() =>
        new(Options.Create(new SnmpAgentOptions { ListenAddresses = ["127.0.0.1:0"] }), new RunningAgent.FixedView(Jails()), NullLogger<SnmpAgent>.Instance);

    private static byte[] Get(int requestId) => Requests.Build(SnmpVersion.V2c, PduType.GetRequest, [Scalar], requestId: requestId);

    /// <summary>A GetRequest of exactly <paramref name="size"/> octets: the scalar, its value field padded with an OCTET STRING (ignored in a Get).</summary>
    private static byte[] GetOfSize(int size, int requestId)
    {
        byte[] Encode(int padding) => CommunityMessageEncoder.Encode(new CommunityMessage(SnmpVersion.V2c, "public"u8.ToArray(),
            new Pdu(PduType.GetRequest, requestId, 0, 0, [new VarBind(Scalar, SnmpValue.OctetString(new byte[padding]))])));
        const int probe = 60_000; // from here to 65 535 octets every length field keeps its three-octet form
        byte[] request = Encode(probe + size - Encode(probe).Length);
        Assert.Equal(size, request.Length);
        return request;
    }

    private static async Task<int> ReceiveRequestId(UdpClient client, IPEndPoint agentEndpoint)
    {
        using var timeout = new CancellationTokenSource(Patience);
        var reply = await client.ReceiveAsync(timeout.Token);
        Assert.Equal(agentEndpoint, reply.RemoteEndPoint);
        var message = CommunityMessageDecoder.Decode(reply.Buffer);
        Assert.Equal(SnmpValue.Integer(42), message.Pdu.VarBinds[0].Value);
        return message.Pdu.RequestId;
    }

    /// <summary>The socket is closed, not merely abandoned: its exact address can be bound again.</summary>
    private static void AssertPortIsFree(IPEndPoint endpoint)
    {
        using var again = new Socket(endpoint.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        again.Bind(endpoint);
    }
}
