using System.Net;
using JailMetrics.Snmp.Agent;
using JailMetrics.Snmp.Mib;
using JailMetrics.Snmp.Protocol;
using JailMetrics.Snmp.Tests.Support;
using static JailMetrics.Snmp.Tests.Support.TestViews;

namespace JailMetrics.Snmp.Tests.Agent;

/// <summary>The message pipeline: who gets an answer, and which RFC 3418 counter moves when nobody does.</summary>
public class DispatcherTests
{
    [Fact]
    public void A_valid_request_is_answered_with_its_request_id_and_community()
    {
        var dispatch = new TestDispatch(Jails());
        var answer = dispatch.Ask(SnmpVersion.V2c, PduType.GetRequest, [Scalar], requestId: int.MinValue);

        Assert.NotNull(answer);
        Assert.Equal(SnmpVersion.V2c, answer.Version);
        Assert.Equal("public"u8.ToArray(), answer.Community);
        Assert.Equal(PduType.Response, answer.Pdu.Type);
        Assert.Equal(int.MinValue, answer.Pdu.RequestId);
        Assert.Equal(SnmpValue.Integer(42), answer.Pdu.VarBinds.Single().Value);
        Assert.Equal(1u, dispatch.Counters.InPkts);
    }

    [Fact]
    public void A_wrong_community_gets_no_answer_and_counts_as_a_bad_community_name()
    {
        var dispatch = new TestDispatch(Jails());
        Assert.Null(dispatch.Ask(SnmpVersion.V2c, PduType.GetRequest, [Scalar], community: "private"));
        Assert.Equal(1u, dispatch.Counters.InBadCommunityNames);
    }

    [Fact]
    public void A_known_community_from_a_network_it_is_not_allowed_from_is_refused()
    {
        var options = new SnmpAgentOptions { Communities = [new SnmpCommunity { Name = "lan", AllowedNetworks = ["192.0.2.0/25", "2001:db8::/32"] }] };
        var dispatch = new TestDispatch(Jails(), options);
        var request = Requests.Build(SnmpVersion.V2c, PduType.GetRequest, [Scalar], community: "lan");

        Assert.NotNull(dispatch.Send(request, IPAddress.Parse("192.0.2.100").GetAddressBytes()));
        Assert.NotNull(dispatch.Send(request, IPAddress.Parse("::ffff:192.0.2.1").GetAddressBytes())); // IPv4-mapped
        Assert.NotNull(dispatch.Send(request, IPAddress.Parse("2001:db8::5").GetAddressBytes()));
        Assert.Null(dispatch.Send(request, IPAddress.Parse("192.0.2.200").GetAddressBytes()));
        Assert.Null(dispatch.Send(request, IPAddress.Loopback.GetAddressBytes()));
        Assert.Null(dispatch.Send(request, IPAddress.IPv6Loopback.GetAddressBytes()));
        Assert.Equal(3u, dispatch.Counters.InBadCommunityNames);
    }

    [Fact]
    public void The_default_community_is_public_from_loopback_only()
    {
        var dispatch = new TestDispatch(Jails());
        var request = Requests.Build(SnmpVersion.V2c, PduType.GetRequest, [Scalar]);
        Assert.NotNull(dispatch.Send(request, IPAddress.Parse("127.1.2.3").GetAddressBytes()));
        Assert.NotNull(dispatch.Send(request, IPAddress.IPv6Loopback.GetAddressBytes()));
        Assert.Null(dispatch.Send(request, IPAddress.Parse("10.0.0.1").GetAddressBytes()));
    }

    [Fact]
    public void Other_versions_are_counted_as_bad_versions()
    {
        var dispatch = new TestDispatch(Jails());
        var v2c = Requests.Build(SnmpVersion.V2c, PduType.GetRequest, [Scalar]);
        foreach (byte version in new byte[] { 2, 3, 0x7f })
        {
            var other = (byte[])v2c.Clone();
            other[4] = version; // 30 LL 02 01 <version>
            Assert.Null(dispatch.Send(other));
        }
        Assert.Equal(3u, dispatch.Counters.InBadVersions);
        Assert.Equal(0u, dispatch.Counters.InAsnParseErrs);
    }

    [Fact]
    public void Set_is_answered_notWritable_and_counted_as_a_bad_community_use()
    {
        var dispatch = new TestDispatch(Jails());
        var answer = dispatch.Ask(SnmpVersion.V2c, PduType.SetRequest, [NameColumn.Append(1)]);
        Assert.Equal(ErrorStatus.NotWritable, answer!.Pdu.ErrorStatus);
        Assert.Equal(1, answer.Pdu.ErrorIndex);
        Assert.Equal(1u, dispatch.Counters.InBadCommunityUses);

        var v1 = dispatch.Ask(SnmpVersion.V1, PduType.SetRequest, [NameColumn.Append(1)]);
        Assert.Equal(ErrorStatus.NoSuchName, v1!.Pdu.ErrorStatus);
    }

    [Fact]
    public void Responses_traps_and_reports_sent_to_the_agent_are_not_answered()
    {
        var dispatch = new TestDispatch(Jails());
        foreach (var type in new[] { PduType.Response, PduType.TrapV2, PduType.InformRequest, PduType.Report })
            Assert.Null(dispatch.Ask(SnmpVersion.V2c, type, [Scalar]));
        Assert.Equal(4u, dispatch.Counters.UnknownPduHandlers);
        Assert.Equal(0u, dispatch.Counters.InAsnParseErrs);
    }

    [Fact]
    public void Responses_never_exceed_the_message_size_limit()
    {
        var options = new SnmpAgentOptions { MaxMessageSize = 484 };
        var dispatch = new TestDispatch(Jails(rows: 200), options);
        var request = Requests.Build(SnmpVersion.V2c, PduType.GetBulkRequest, [Root], field2: 0, field3: 1000);
        var answer = dispatch.Send(request)!;
        Assert.InRange(answer.Length, 400, 484);
        Assert.NotEmpty(CommunityMessageDecoder.Decode(answer).Pdu.VarBinds);
    }

    [Fact]
    public void When_even_tooBig_does_not_fit_the_request_is_dropped_and_counted()
    {
        // A 600-octet community leaves too little room for even an empty Response in 484 octets.
        var community = new string('c', 600);
        var options = new SnmpAgentOptions { MaxMessageSize = 484, Communities = [new SnmpCommunity { Name = community }] };
        var dispatch = new TestDispatch(Jails(), options);
        Assert.Null(dispatch.Ask(SnmpVersion.V2c, PduType.GetRequest, [Scalar], community: community));
        Assert.Equal(1u, dispatch.Counters.SilentDrops);
    }

    [Fact]
    public void Max_message_size_is_validated()
    {
        Assert.Throws<ArgumentException>(() => new TestDispatch(Jails(), new SnmpAgentOptions { MaxMessageSize = 483 }));
        Assert.Throws<ArgumentException>(() => new TestDispatch(Jails(), new SnmpAgentOptions { MaxMessageSize = 65508 }));
    }

    [Fact]
    public void Listen_addresses_need_an_ip_and_a_port()
    {
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 1161), ListenAddress.Parse("127.0.0.1:1161"));
        Assert.Equal(new IPEndPoint(IPAddress.IPv6Loopback, 0), ListenAddress.Parse("[::1]:0"));
        Assert.Throws<FormatException>(() => ListenAddress.Parse("127.0.0.1"));
        Assert.Throws<FormatException>(() => ListenAddress.Parse("::1"));
        Assert.Throws<FormatException>(() => ListenAddress.Parse("localhost:161"));
        Assert.Throws<FormatException>(() => ListenAddress.Parse("127.0.0.1:70000"));
    }
}
