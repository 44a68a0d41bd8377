using System.Text;
using JailMetrics.Snmp.AgentX.Protocol;
using JailMetrics.Snmp.Mib;

namespace JailMetrics.Snmp.Tests.AgentX;

/// <summary>
/// Byte-level checks of the RFC 2741 §5–6 encodings. The hex vectors are PDUs captured between a
/// scratch sub-agent and net-snmp 5.9.3's master (shared/reference/snmp.md §2.4).
/// </summary>
public class AgentXPduCodecTests
{
    private const string OpenVector =
        "01011000 00000000 00000000 00000001 0000002c 00000000 03040000 00000001 00007ed9 00000001 00000012" +
        "6a61696c 20657870 6f727465 72207465 73740000";

    private const string RegisterVector =
        "01031000 00000005 00000000 00000002 00000018 007f0000 04040000 00000001 00007ed9 00000001 00000001";

    private const string GetNextVector =
        "01061000 00000005 00000017 00000018 00000028" +
        "04040100 00000001 00007ed9 00000001 00000001" +
        "04040000 00000001 00007ed9 00000001 00000002";

    private const string GetNextResponseVector =
        "01121000 00000005 00000017 00000018 0000002c 00000000 00000000" +
        "00020000 06040000 00000001 00007ed9 00000001 00000001 00000001 00000000 0000002a";

    private const string PingVector = "010d1000 00000005 00000000 00000003 00000000";

    private const string CloseVector = "01021000 00000005 00000000 00000063 00000004 05000000";

    private static readonly Oid Subtree = Oid.Parse("1.3.6.1.4.1.32473.1");

    internal static byte[] Hex(string text) => Convert.FromHexString(text.Replace(" ", "", StringComparison.Ordinal));

    [Fact]
    public void Open_encodes_as_net_snmp_accepted_it_with_prefix_compression_and_padding()
    {
        var open = new AgentXOpenPdu(0, Subtree, Encoding.ASCII.GetBytes("jail exporter test")) { PacketId = 1 };

        Assert.Equal(Hex(OpenVector), AgentXPduCodec.Encode(open));
    }

    [Fact]
    public void Register_encodes_subtree_and_default_priority()
    {
        var register = new AgentXRegisterPdu(Oid.Parse("1.3.6.1.4.1.32473.1.1")) { SessionId = 5, PacketId = 2 };

        Assert.Equal(Hex(RegisterVector), AgentXPduCodec.Encode(register));
    }

    [Fact]
    public void Ping_and_close_encode_as_captured()
    {
        Assert.Equal(Hex(PingVector), AgentXPduCodec.Encode(new AgentXPingPdu { SessionId = 5, PacketId = 3 }));
        Assert.Equal(Hex(CloseVector), AgentXPduCodec.Encode(new AgentXClosePdu(AgentXCloseReason.Shutdown) { SessionId = 5, PacketId = 0x63 }));
    }

    [Fact]
    public void Masters_getnext_decodes_into_a_search_range_with_include_and_end()
    {
        var pdu = Assert.IsType<AgentXGetNextPdu>(AgentXPduCodec.Decode(Hex(GetNextVector)));

        Assert.Equal((5u, 0x17u, 0x18u), (pdu.SessionId, pdu.TransactionId, pdu.PacketId));
        var range = Assert.Single(pdu.Ranges);
        Assert.Equal(Oid.Parse("1.3.6.1.4.1.32473.1.1"), range.Start);
        Assert.True(range.Include);
        Assert.Equal(Oid.Parse("1.3.6.1.4.1.32473.1.2"), range.End);
        Assert.Null(pdu.Context);
    }

    [Fact]
    public void Response_encodes_as_net_snmp_accepted_it()
    {
        var response = new AgentXResponsePdu(0, AgentXErrorStatus.NoError, 0,
            [new AgentXVarBind(Oid.Parse("1.3.6.1.4.1.32473.1.1.1.0"), SnmpValue.Integer(42))])
        { SessionId = 5, TransactionId = 0x17, PacketId = 0x18 };

        Assert.Equal(Hex(GetNextResponseVector), AgentXPduCodec.Encode(response));
    }

    [Fact]
    public void Header_fields_and_payload_are_read_in_little_endian_when_the_flag_is_clear()
    {
        // The captured GetNext re-encoded by a peer that chose little-endian (RFC 2741 §6.1).
        var original = AgentXPduCodec.Decode(Hex(GetNextVector));
        byte[] little = AgentXPduCodec.Encode(original, networkByteOrder: false);

        Assert.Equal(0, little[2] & 0x10);
        Assert.Equal(Hex("17000000"), little[8..12]); // transactionID, least significant octet first
        Assert.Equal(Hex("01000000"), little[24..28]); // first sub-identifier after the prefix
        var decoded = Assert.IsType<AgentXGetNextPdu>(AgentXPduCodec.Decode(little));
        Assert.Equal((5u, 0x17u, 0x18u), (decoded.SessionId, decoded.TransactionId, decoded.PacketId));
        Assert.Equal(((AgentXGetNextPdu)original).Ranges, decoded.Ranges);
    }

    [Theory]
    [InlineData("", "00000000")]
    [InlineData("a", "00000001 61000000")]
    [InlineData("ab", "00000002 61620000")]
    [InlineData("abc", "00000003 61626300")]
    [InlineData("abcd", "00000004 61626364")]
    [InlineData("abcde", "00000005 61626364 65000000")]
    public void Octet_strings_are_padded_with_zeros_to_four_octets(string text, string expected)
    {
        var writer = new AgentXPayloadWriter();
        writer.WriteOctetString(Encoding.ASCII.GetBytes(text));

        Assert.Equal(Hex(expected), writer.WrittenSpan.ToArray());
        var reader = new AgentXPayloadReader(writer.WrittenSpan, bigEndian: true);
        Assert.Equal(text, Encoding.ASCII.GetString(reader.ReadOctetString()));
        Assert.True(reader.IsAtEnd);
    }

    [Theory]
    [InlineData("", "00000000")] // the null OID
    [InlineData("1.3.6.1.4.1", "01040000 00000001")]
    [InlineData("1.3.6.1.4", "05000000 00000001 00000003 00000006 00000001 00000004")] // nothing after X: not compressed
    [InlineData("1.3.6.1.0.5", "06000000 00000001 00000003 00000006 00000001 00000000 00000005")] // X = 0 cannot be a prefix
    [InlineData("1.3.6.1.256.5", "06000000 00000001 00000003 00000006 00000001 00000100 00000005")] // X > 255 cannot either
    [InlineData("2.5", "02000000 00000002 00000005")]
    public void Oids_use_the_internet_prefix_only_when_it_applies(string oid, string expected)
    {
        var writer = new AgentXPayloadWriter();
        writer.WriteOid(Oid.Parse(oid));

        Assert.Equal(Hex(expected), writer.WrittenSpan.ToArray());
        var reader = new AgentXPayloadReader(writer.WrittenSpan, bigEndian: true);
        Assert.Equal(Oid.Parse(oid), reader.ReadOid());
    }

    [Fact]
    public void A_prefix_with_no_sub_identifiers_decodes_as_the_five_arc_oid()
    {
        var reader = new AgentXPayloadReader(Hex("00040000"), bigEndian: true);

        Assert.Equal(Oid.Parse("1.3.6.1.4"), reader.ReadOid());
    }

    public static TheoryData<SnmpValue, string> ValueEncodings => new()
    {
        { SnmpValue.Integer(-2), "0002 0000 00000000 fffffffe" },
        { SnmpValue.OctetString("hi"), "0004 0000 00000000 00000002 68690000" },
        { SnmpValue.Null, "0005 0000 00000000" },
        { SnmpValue.ObjectIdentifier(Oid.Parse("1.3.6.1.2.1.1")), "0006 0000 00000000 02020000 00000001 00000001" },
        { SnmpValue.IpAddress([10, 0, 0, 1]), "0040 0000 00000000 00000004 0a000001" },
        { SnmpValue.Counter32(4000000000), "0041 0000 00000000 ee6b2800" },
        { SnmpValue.Gauge32(7), "0042 0000 00000000 00000007" },
        { SnmpValue.TimeTicks(8066), "0043 0000 00000000 00001f82" },
        { SnmpValue.Opaque([0x9f, 0x78]), "0044 0000 00000000 00000002 9f780000" },
        { SnmpValue.Counter64(0x0102030405060708), "0046 0000 00000000 01020304 05060708" },
        { SnmpValue.NoSuchObject, "0080 0000 00000000" },
        { SnmpValue.NoSuchInstance, "0081 0000 00000000" },
        { SnmpValue.EndOfMibView, "0082 0000 00000000" },
    };

    [Theory]
    [MemberData(nameof(ValueEncodings))]
    public void Every_varbind_type_encodes_per_section_5_4_and_round_trips_in_both_byte_orders(SnmpValue value, string expected)
    {
        var varBind = new AgentXVarBind(new Oid(), value); // null name keeps the vectors short
        var writer = new AgentXPayloadWriter();
        writer.WriteVarBind(varBind);
        Assert.Equal(Hex(expected), writer.WrittenSpan.ToArray());

        foreach (bool bigEndian in new[] { true, false })
        {
            var encoder = new AgentXPayloadWriter(bigEndian);
            encoder.WriteVarBind(varBind with { Name = Oid.Parse("1.3.6.1.4.1.32473.9.0") });
            var reader = new AgentXPayloadReader(encoder.WrittenSpan, bigEndian);
            var decoded = reader.ReadVarBind();
            Assert.Equal(value, decoded.Value);
            Assert.Equal(Oid.Parse("1.3.6.1.4.1.32473.9.0"), decoded.Name);
            Assert.True(reader.IsAtEnd);
        }
    }

    [Fact]
    public void Every_pdu_a_subagent_sends_or_receives_round_trips()
    {
        var name = Oid.Parse("1.3.6.1.4.1.32473.1.1.0");
        var ranges = new[] { new AgentXSearchRange(name, true, Oid.Parse("1.3.6.1.4.1.32473.2")), new AgentXSearchRange(Oid.Parse("1.3.6.1.2.1.1"), false, new Oid()) };
        var varBinds = new[] { new AgentXVarBind(name, SnmpValue.Counter64(ulong.MaxValue)), new AgentXVarBind(name, SnmpValue.OctetString("x")) };
        AgentXPdu[] pdus =
        [
            new AgentXOpenPdu(5, Subtree, Encoding.ASCII.GetBytes("JailMetrics")),
            new AgentXClosePdu(AgentXCloseReason.ByManager),
            new AgentXRegisterPdu(Subtree, 3, 100, 8, 42) { InstanceRegistration = true, Context = Encoding.ASCII.GetBytes("ctx") },
            new AgentXUnregisterPdu(Subtree, 100, 8, 42),
            new AgentXGetPdu(ranges),
            new AgentXGetNextPdu(ranges) { Context = [] },
            new AgentXGetBulkPdu(1, 10, ranges),
            new AgentXTestSetPdu(varBinds),
            new AgentXCommitSetPdu(),
            new AgentXUndoSetPdu(),
            new AgentXCleanupSetPdu(),
            new AgentXNotifyPdu(varBinds),
            new AgentXPingPdu { Context = Encoding.ASCII.GetBytes("other") },
            new AgentXResponsePdu(8066, AgentXErrorStatus.DuplicateRegistration, 2, varBinds),
        ];

        foreach (var pdu in pdus)
        {
            var stamped = pdu with { SessionId = 9, TransactionId = 8, PacketId = 7 };
            foreach (bool networkByteOrder in new[] { true, false })
            {
                byte[] octets = AgentXPduCodec.Encode(stamped, networkByteOrder);
                Assert.Equal(0, octets.Length % 4);
                var decoded = AgentXPduCodec.Decode(octets);
                Assert.Equal(AgentXPduCodec.Encode(stamped), AgentXPduCodec.Encode(decoded)); // same content, compared as network-order octets
                Assert.Equal(stamped.Type, decoded.Type);
            }
        }
    }

    [Fact]
    public void Register_with_a_range_carries_the_upper_bound_and_the_instance_flag()
    {
        var register = new AgentXRegisterPdu(Oid.Parse("1.3.6.1.4.1.32473.1.1"), RangeSubId: 9, UpperBound: 20) { InstanceRegistration = true };

        byte[] octets = AgentXPduCodec.Encode(register);

        Assert.Equal(0x11, octets[2]); // NETWORK_BYTE_ORDER | INSTANCE_REGISTRATION
        Assert.Equal(Hex("00000014"), octets[^4..]);
        Assert.Equal(Hex("007f0900"), octets[20..24]);
    }

    [Fact]
    public void Non_default_context_precedes_the_payload_and_sets_the_flag()
    {
        byte[] octets = AgentXPduCodec.Encode(new AgentXPingPdu { Context = Encoding.ASCII.GetBytes("abc") });

        Assert.Equal(0x18, octets[2]);
        Assert.Equal(Hex("00000008 00000003 61626300"), octets[16..]);
    }

    [Fact]
    public void Masters_open_response_with_its_echo_varbind_is_read()
    {
        // net-snmp answers Open with a VarBind echoing o.id and o.descr (shared/reference/snmp.md §2.4).
        var echo = new AgentXVarBind(Subtree, SnmpValue.OctetString("jail exporter test"));
        byte[] octets = AgentXPduCodec.Encode(new AgentXResponsePdu(0x1f82, AgentXErrorStatus.NoError, 0, [echo]) { SessionId = 5, PacketId = 1 });
        Assert.Equal(Hex("01121000 00000005 00000000 00000001 00000034 00001f82 00000000 00040000 03040000"), octets[..36]);

        var response = Assert.IsType<AgentXResponsePdu>(AgentXPduCodec.Decode(octets));

        Assert.Equal(5u, response.SessionId);
        Assert.Equal(0x1f82u, response.SysUpTime);
        Assert.Equal(echo, Assert.Single(response.VarBinds));
    }

    public static TheoryData<string, string> Malformed => new()
    {
        { "version 2", "02" + PingVector[2..] },
        { "unknown type 0", "0100" + PingVector[4..] },
        { "unknown type 19", "0113" + PingVector[4..] },
        { "payload length not a multiple of 4", "010d1000 00000005 00000000 00000003 00000002 0000" },
        { "payload length beyond our limit", "010d1000 00000005 00000000 00000003 00100004" },
        { "payload length beyond the octets", "010d1000 00000005 00000000 00000003 00000004" },
        { "trailing octets after a Ping", "010d1000 00000005 00000000 00000003 00000004 00000000" },
        { "NON_DEFAULT_CONTEXT without a context", "010d1800 00000005 00000000 00000003 00000000" },
        { "context length beyond the payload", "010d1800 00000005 00000000 00000003 00000004 00000010" },
        { "n_subid 255", "01061000 00000005 00000017 00000018 00000008 ff000000 00000001" },
        { "n_subid 129", "01061000 00000005 00000017 00000018 00000008 81000000 00000001" },
        { "prefix pushes the OID past 128 arcs", "01061000 00000005 00000017 00000018 00000004 7c040000" },
        { "sub-identifiers beyond the payload", "01061000 00000005 00000017 00000018 00000008 03000000 00000001" },
        { "search range without an end", "01061000 00000005 00000017 00000018 00000008 01000000 00000001" },
        { "octet string beyond the payload", "010c1000 00000005 00000000 00000001 0000000c 00040000 00000000 00000008" },
        { "IpAddress of 3 octets", "010c1000 00000005 00000000 00000001 00000010 00400000 00000000 00000003 0a000100" },
        { "unknown VarBind type", "010c1000 00000005 00000000 00000001 00000008 00030000 00000000" },
        { "Counter64 cut short", "010c1000 00000005 00000000 00000001 0000000c 00460000 00000000 00000001" },
        { "unknown Close reason", "01021000 00000005 00000000 00000063 00000004 07000000" },
        { "Response cut inside its fixed fields", "01121000 00000005 00000000 00000001 00000004 00000000" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Malformed_pdus_are_rejected_with_a_format_exception(string why, string hex)
    {
        var e = Assert.Throws<AgentXFormatException>(() => AgentXPduCodec.Decode(Hex(hex)));
        Assert.False(string.IsNullOrEmpty(e.Message), why);
    }

    [Fact]
    public void Pdus_a_subagent_never_reads_decode_as_unhandled_rather_than_failing()
    {
        byte[] addAgentCaps = Hex("01101000 00000005 00000000 00000004 00000004 00000000");

        var pdu = Assert.IsType<AgentXUnhandledPdu>(AgentXPduCodec.Decode(addAgentCaps));

        Assert.Equal(AgentXPduType.AddAgentCaps, pdu.Type);
    }

    [Fact]
    public void Truncated_input_never_throws_anything_but_a_format_exception()
    {
        byte[] whole = Hex(GetNextResponseVector);
        for (int length = 0; length < whole.Length; length++)
        {
            byte[] cut = whole[..length];
            Assert.Throws<AgentXFormatException>(() => AgentXPduCodec.Decode(cut));
        }
    }

    [Fact]
    public void Random_corruption_never_throws_anything_but_a_format_exception()
    {
        var random = new Random(2741);
        byte[] whole = Hex(GetNextResponseVector);
        for (int round = 0; round < 5000; round++)
        {
            byte[] corrupt = (byte[])whole.Clone();
            for (int flips = random.Next(1, 4); flips > 0; flips--) corrupt[random.Next(corrupt.Length)] = (byte)random.Next(256);
            try
            {
                AgentXPduCodec.Decode(corrupt);
            }
            catch (AgentXFormatException)
            {
                // expected for most corruptions
            }
        }
    }
}
