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

public class AgentTests
{
    [Fact]
    public void Layered_reader_merges_two_views_in_one_order_and_combines_exceptions()
    {
        var system = new MibViewBuilder().AddObjectType(Oid.Parse("1.3.6.1.2.1.1.5"))
            .Add(Oid.Parse("1.3.6.1.2.1.1.5.0"), SnmpValue.OctetString("own")).Build();
        var merged = new LayeredMibReader(system, Jails());

        Assert.Equal(SnmpValue.OctetString("own"), merged.Get(Oid.Parse("1.3.6.1.2.1.1.5.0")));
        Assert.Equal(SnmpValue.Integer(42), merged.Get(Scalar));
        Assert.Equal(SnmpValue.NoSuchInstance, merged.Get(Oid.Parse("1.3.6.1.2.1.1.5.1"))); // known to the first only
        Assert.Equal(SnmpValue.NoSuchInstance, merged.Get(NameColumn.Append(77)));          // known to the second only
        Assert.Equal(SnmpValue.NoSuchObject, merged.Get(Oid.Parse("1.3.6.1.2.1.99.0")));

        var walked = new List<Oid>();
        var at = new Oid(0, 0);
        while (merged.TryGetNext(at, out var next, out _)) walked.Add(at = next);
        Assert.Equal(1 + Jails().Count, walked.Count);
        Assert.Equal(walked.Order(), walked);
    }

    [Fact]
    public void Source_addresses_are_read_from_the_socket_address_as_the_os_lays_it_out()
    {
        foreach (var address in new[] { IPAddress.Parse("192.0.2.33"), IPAddress.Parse("2001:db8::7"), IPAddress.Loopback, IPAddress.IPv6Loopback })
        {
            var socketAddress = new IPEndPoint(address, 4321).Serialize();
            Assert.Equal(address.GetAddressBytes(), IpNetwork.AddressOf(socketAddress).ToArray());
        }
    }

    [Fact]
    public async Task A_busy_or_bad_listen_address_fails_startup()
    {
        using var busy = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        busy.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        int port = ((IPEndPoint)busy.LocalEndPoint!).Port;

        using var clash = NewAgent(new SnmpAgentOptions { ListenAddresses = [$"127.0.0.1:{port}"] });
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => clash.StartAsync(CancellationToken.None));
        Assert.Contains($"127.0.0.1:{port}", failure.Message);

        using var malformed = NewAgent(new SnmpAgentOptions { ListenAddresses = ["localhost"] });
        await Assert.ThrowsAsync<FormatException>(() => malformed.StartAsync(CancellationToken.None));

        using var badNetwork = NewAgent(new SnmpAgentOptions { ListenAddresses = ["127.0.0.1:0"], Communities = [new() { AllowedNetworks = ["10.0.0.0/33"] }] });
        await Assert.ThrowsAsync<FormatException>(() => badNetwork.StartAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_disabled_agent_binds_nothing()
    {
        using var agent = NewAgent(new SnmpAgentOptions { Enabled = false });
        await agent.StartAsync(CancellationToken.None);
        Assert.Empty(agent.BoundEndpoints);
        await agent.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Port_zero_binds_an_ephemeral_port_on_each_address()
    {
        await using var running = await RunningAgent.StartAsync(Jails());
        Assert.Equal(2, running.Agent.BoundEndpoints.Count);
        Assert.All(running.Agent.BoundEndpoints, endpoint => Assert.NotEqual(0, endpoint.Port));
        Assert.Equal(AddressFamily.InterNetworkV6, running.Agent.BoundEndpoints[1].AddressFamily);
    }

    [Fact]
    public void Answering_a_bulk_request_allocates_nothing_per_varbind()
    {
        // 1000-row view; each GetBulk answer carries ~50 varbinds. What is allocated is the request's
        // decoding (message, PDU, list, OIDs, community), not the answer.
        var dispatch = new TestDispatch(Jails(rows: 1000), new SnmpAgentOptions { MaxMessageSize = 65507 });
        var request = Requests.Build(SnmpVersion.V2c, PduType.GetBulkRequest, [NameColumn], field3: 50);
        for (int i = 0; i < 200; i++) dispatch.Send(request); // warm up (OID encodings get cached)

        var answer = new byte[65507];
        var response = new ResponsePdu();
        long before = GC.GetAllocatedBytesForCurrentThread();
        const int requests = 2000;
        for (int i = 0; i < requests; i++) dispatch.Dispatcher.Dispatch(request, TestDispatch.Loopback, answer, response);
        long perRequest = (GC.GetAllocatedBytesForCurrentThread() - before) / requests;

        Assert.Equal(50, response.VarBinds.Count);
        Assert.True(perRequest < 1024, $"{perRequest} bytes allocated per 50-varbind GetBulk");
    }

    private static SnmpAgent NewAgent(SnmpAgentOptions options) =>
        new(Options.Create(options), new FixedView(Jails()), NullLogger<SnmpAgent>.Instance);

    private sealed class FixedView(MibView view) : IMibViewProvider
    {
        public MibView Current => view;
    }
}
