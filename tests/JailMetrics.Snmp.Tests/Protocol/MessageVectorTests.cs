using JailMetrics.Snmp.Mib;
using JailMetrics.Snmp.Protocol;
using JailMetrics.Snmp.Tests.Support;

namespace JailMetrics.Snmp.Tests.Protocol;

/// <summary>Whole-message vectors from reference/snmp.md §1.8 A and B, encoded and decoded byte for byte.</summary>
public class MessageVectorTests
{
    private const string VectorA =
        "30 26 02 01 01 04 06 70 75 62 6c 69 63 a0 19 02 01 01 02 01 00 02 01 00 " +
        "30 0e 30 0c 06 08 2b 06 01 02 01 01 01 00 05 00";

    private const string VectorANetSnmpCapture =
        "30 29 02 01 01 04 06 70 75 62 6C 69 63 A0 1C 02 04 30 8C FE EB 02 01 00 02 01 00 30 0E 30 0C 06 08 2B 06 01 02 01 01 01 00 05 00";

    private const string VectorAResponse =
        "30 2b 02 01 01 04 06 70 75 62 6c 69 63 a2 1e 02 01 01 02 01 00 02 01 00 30 13 30 11 06 08 2b 06 01 02 01 01 01 00 04 05 6a 61 69 6c 78";

    private const string VectorB =
        "30 25 02 01 01 04 06 70 75 62 6c 69 63 a5 18 02 01 02 02 01 00 02 01 0a 30 0d 30 0b 06 07 2b 06 01 02 01 02 02 05 00";

    private static readonly Oid SysDescr = Oid.Parse("1.3.6.1.2.1.1.1.0");

    [Fact]
    public void Vector_A_v2c_get_sysdescr_encodes_exactly()
    {
        var encoded = Requests.Build(SnmpVersion.V2c, PduType.GetRequest, [SysDescr], requestId: 1);
        Assert.Equal(40, encoded.Length);
        Assert.Equal(VectorA, Hex.Of(encoded));
    }

    [Fact]
    public void Vector_A_decodes_including_net_snmps_own_capture()
    {
        var message = CommunityMessageDecoder.Decode(Hex.Bytes(VectorA));
        Assert.Equal(SnmpVersion.V2c, message.Version);
        Assert.Equal("public"u8.ToArray(), message.Community);
        Assert.Equal(PduType.GetRequest, message.Pdu.Type);
        Assert.Equal(1, message.Pdu.RequestId);
        Assert.Equal([new VarBind(SysDescr, SnmpValue.Null)], message.Pdu.VarBinds);

        var captured = CommunityMessageDecoder.Decode(Hex.Bytes(VectorANetSnmpCapture));
        Assert.Equal(0x308CFEEB, captured.Pdu.RequestId);
        Assert.Equal(SysDescr, captured.Pdu.VarBinds.Single().Name);
    }

    [Fact]
    public void Vector_A_v1_form_differs_only_in_the_version()
    {
        var encoded = Requests.Build(SnmpVersion.V1, PduType.GetRequest, [SysDescr], requestId: 1);
        Assert.Equal(VectorA.Replace("30 26 02 01 01", "30 26 02 01 00"), Hex.Of(encoded));
        Assert.Equal(SnmpVersion.V1, CommunityMessageDecoder.Decode(encoded).Version);
    }

    [Fact]
    public void Vector_A_is_answered_with_the_exact_response_bytes()
    {
        var view = new MibViewBuilder().Add(SysDescr, SnmpValue.OctetString("jailx")).Build();
        var answer = new TestDispatch(view).Send(Hex.Bytes(VectorA));
        Assert.NotNull(answer);
        Assert.Equal(45, answer.Length);
        Assert.Equal(VectorAResponse, Hex.Of(answer));
    }

    [Fact]
    public void Vector_B_v2c_getbulk_iftable_encodes_and_decodes_exactly()
    {
        var encoded = Requests.Build(SnmpVersion.V2c, PduType.GetBulkRequest, [Oid.Parse("1.3.6.1.2.1.2.2")], requestId: 2, field2: 0, field3: 10);
        Assert.Equal(39, encoded.Length);
        Assert.Equal(VectorB, Hex.Of(encoded));

        var pdu = CommunityMessageDecoder.Decode(Hex.Bytes(VectorB)).Pdu;
        Assert.Equal(PduType.GetBulkRequest, pdu.Type);
        Assert.Equal(2, pdu.RequestId);
        Assert.Equal(0, pdu.NonRepeaters);
        Assert.Equal(10, pdu.MaxRepetitions);
    }

    [Fact]
    public void Non_minimal_lengths_in_a_whole_message_are_accepted()
    {
        // Vector A with the PDU length written as 81 19 and the outer length (now 0x27) as 82 00 27.
        var stretched = Hex.Bytes(VectorA.Replace("30 26 02 01 01", "30 82 00 27 02 01 01").Replace("a0 19", "a0 81 19"));
        var message = CommunityMessageDecoder.Decode(stretched);
        Assert.Equal(SysDescr, message.Pdu.VarBinds.Single().Name);
    }

    [Theory]
    [InlineData("a5", SnmpVersion.V1)] // GetBulk does not exist in SNMPv1 (RFC 3584 §2.1)
    [InlineData("a4", SnmpVersion.V2c)] // nor the v1 Trap in SNMPv2c
    [InlineData("a9", SnmpVersion.V2c)]
    public void Pdu_tags_a_version_does_not_define_are_refused(string tag, SnmpVersion version)
    {
        string hex = VectorA.Replace("a0 19", tag + " 19");
        if (version == SnmpVersion.V1) hex = hex.Replace("30 26 02 01 01", "30 26 02 01 00");
        Assert.Throws<JailMetrics.Snmp.Ber.BerDecodeException>(() => CommunityMessageDecoder.Decode(Hex.Bytes(hex)));
    }

    [Fact]
    public void Trailing_octets_after_the_message_are_refused()
    {
        Assert.Throws<JailMetrics.Snmp.Ber.BerDecodeException>(() => CommunityMessageDecoder.Decode(Hex.Bytes(VectorA + " 00")));
    }
}
