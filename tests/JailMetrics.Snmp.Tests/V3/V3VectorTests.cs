using JailMetrics.Snmp.Mib;
using JailMetrics.Snmp.Protocol;
using JailMetrics.Snmp.Protocol.V3;
using JailMetrics.Snmp.Security;
using JailMetrics.Snmp.Tests.Support;

namespace JailMetrics.Snmp.Tests.V3;

/// <summary>
/// The byte vectors of reference/snmp.md §1.8 D and E (captured from net-snmp 5.9.3): discovery, and a
/// full authPriv exchange (HMAC-SHA-96 + AES-128-CFB) decoded, verified, decrypted, re-encoded, and
/// answered by the agent byte for byte as net-snmp's snmpd answered it.
/// </summary>
public sealed class V3VectorTests
{
    private static readonly Oid SysDescr = Oid.Parse("1.3.6.1.2.1.1.1.0");

    // §1.8 D: the discovery request (msgID 100, request-id 1).
    private static readonly byte[] DiscoveryRequest = Hex.Bytes(
        "30 38 02 01 03 30 0e 02 01 64 02 03 00 ff e3 04 01 04 02 01 03 04 10 30 0e 04 00 02 01 00 " +
        "02 01 00 04 00 04 00 04 00 30 11 04 00 04 00 a0 0b 02 01 01 02 01 00 02 01 00 30 00");

    // §1.8 E: user shaaes, SHA + AES, engineID 80001f8880ca2a6c4f509b0a6b00000000, boots 1, time 9.
    private static readonly byte[] EngineId = Hex.Bytes("80001f8880ca2a6c4f509b0a6b00000000");
    private static readonly byte[] AuthKey = Hex.Bytes("4f6adf8ca4fcd26e4b2327e3801d592187f797f0");
    private static readonly byte[] PrivKey = Hex.Bytes("cdfa2c21c7d66293ca6271ff426df90c");
    private const int MessageId = 0x52DEC9E4;
    private const int RequestId = 0x3AF1CFA7;

    private static readonly byte[] Request = Hex.Bytes(
        "30 81 8A 02 01 03 30 11 02 04 52 DE C9 E4 02 03 00 FF E3 04 01 07 02 01 03 04 3B 30 39 04 " +
        "11 80 00 1F 88 80 CA 2A 6C 4F 50 9B 0A 6B 00 00 00 00 02 01 01 02 01 09 04 06 73 68 61 61 " +
        "65 73 04 0C DB 68 9B B2 E0 02 A8 D6 F9 CE 2B 6E 04 08 09 53 D9 43 F8 4E 71 75 04 35 60 CC " +
        "2B 02 6D A7 16 C6 1A 92 D0 26 3A 98 F5 F1 20 BA 49 BC F4 EE 32 FE FB E1 16 86 B7 03 82 EB " +
        "D5 26 CE 03 08 46 40 AE 84 0B 39 7E 52 D8 8B 8C 59 EC 41 2E BC");

    private static readonly byte[] RequestScopedPdu = Hex.Bytes(
        "30 33 04 11 80 00 1F 88 80 CA 2A 6C 4F 50 9B 0A 6B 00 00 00 00 04 00 a0 1c 02 04 3a f1 cf a7 " +
        "02 01 00 02 01 00 30 0e 30 0c 06 08 2b 06 01 02 01 01 01 00 05 00");

    private static readonly byte[] Response = Hex.Bytes(
        "30 81 94 02 01 03 30 11 02 04 52 DE C9 E4 02 03 00 FF E3 04 01 03 02 01 03 04 3B 30 39 04 " +
        "11 80 00 1F 88 80 CA 2A 6C 4F 50 9B 0A 6B 00 00 00 00 02 01 01 02 01 09 04 06 73 68 61 61 " +
        "65 73 04 0C 32 6F 77 84 C7 53 E4 F3 04 76 88 C9 04 08 48 A5 43 21 41 01 05 20 04 3F A4 06 " +
        "34 7A 3F 7E 57 2E 72 42 AE 05 81 9B D0 0A BC 43 24 83 8C EC 44 4D 3B 57 40 C2 70 C1 91 B1 " +
        "DD 71 01 2E 75 16 69 12 EF 07 C3 D8 07 F4 13 BD 2B 01 19 F0 43 F3 8F 71 B6 2B D7 4B DB 52 38");

    private const ulong RequestSalt = 0x0953D943F84E7175;
    private const ulong ResponseSalt = 0x48A5432141010520;

    [Fact]
    public void Vector_D_discovery_is_answered_with_an_unknownEngineIDs_report_carrying_our_engine()
    {
        using var agent = new V3TestAgent();
        Assert.Equal(DiscoveryRequest, V3TestManager.Discovery(messageId: 100, requestId: 1)); // our encoder makes the same probe

        byte[] report = agent.Send(DiscoveryRequest)!;

        // Laid out exactly like net-snmp's Report in §1.8 D: flags 00, our engineID, boots 1, time 0,
        // contextEngineID ours, request-id echoed, usmStatsUnknownEngineIDs.0 = Counter32 1.
        string id = Hex.Of(agent.EngineId);
        Assert.Equal(13, agent.EngineId.Length);
        Assert.Equal(Hex.Bytes(
            "30 63 02 01 03 30 0e 02 01 64 02 03 00 ff e3 04 01 00 02 01 03 " +
            "04 1d 30 1b 04 0d " + id + " 02 01 01 02 01 00 04 00 04 00 04 00 " +
            "30 2f 04 0d " + id + " 04 00 a8 1c 02 01 01 02 01 00 02 01 00 " +
            "30 11 30 0f 06 0a 2b 06 01 06 03 0f 01 01 04 00 41 01 01"), report);
        Assert.Equal(1u, agent.UsmStats.Get(UsmStatsCounter.UnknownEngineIds));
    }

    [Fact]
    public void Vector_E_request_decodes_verifies_and_decrypts_with_the_given_keys()
    {
        var message = V3MessageDecoder.Decode(Request);
        Assert.Equal(MessageId, message.MessageId);
        Assert.Equal(65507, message.MaxSize);
        Assert.Equal(MsgFlags.Auth | MsgFlags.Priv | MsgFlags.Reportable, message.Flags);
        Assert.Equal(3, message.SecurityModel);
        var usm = message.UsmParameters!;
        Assert.Equal(EngineId, usm.AuthoritativeEngineId);
        Assert.Equal((1, 9), (usm.AuthoritativeEngineBoots, usm.AuthoritativeEngineTime));
        Assert.Equal("shaaes"u8.ToArray(), usm.UserName);
        Assert.Equal(64, usm.AuthenticationParametersOffset);
        Assert.Equal(Hex.Bytes("db689bb2e002a8d6f9ce2b6e"), usm.AuthenticationParameters);
        Assert.Equal(Hex.Bytes("0953D943F84E7175"), usm.PrivacyParameters);
        Assert.True(message.IsEncrypted);

        var authenticator = new Authenticator(AuthProtocol.HmacSha1, AuthKey);
        Assert.True(authenticator.Verify((byte[])Request.Clone(), usm.AuthenticationParametersOffset, usm.AuthenticationParameters.Length));
        Assert.True(PrivProtocol.Aes128.TryDecrypt(PrivKey, 1, 9, usm.PrivacyParameters, message.ScopedPduData, out byte[] plaintext));
        Assert.Equal(RequestScopedPdu, plaintext);

        // The same through the library's USM path with keys derived from the passwords.
        var user = V3TestAgent.User("shaaes");
        Assert.True(UsmIncoming.TryUnprotect(Request, message, user, out var scoped, out string failure), failure);
        Assert.Equal(EngineId, scoped.ContextEngineId);
        Assert.Empty(scoped.ContextName);
        Assert.Equal(PduType.GetRequest, scoped.Pdu.Type);
        Assert.Equal(RequestId, scoped.Pdu.RequestId);
        Assert.Equal(SysDescr, Assert.Single(scoped.Pdu.VarBinds).Name);
    }

    [Fact]
    public void Vector_E_request_and_response_are_reproduced_by_the_encoder()
    {
        var user = V3TestAgent.User("shaaes");
        var security = UsmOutgoingSecurity.For(user, SecurityLevel.AuthPriv, EngineId, 1, 9);

        var get = new ScopedPdu(EngineId, [], new Pdu(PduType.GetRequest, RequestId, 0, 0, [new VarBind(SysDescr, SnmpValue.Null)]));
        Assert.Equal(RequestScopedPdu, ScopedPduEncoding.Encode(get));
        Assert.Equal(Request, V3MessageEncoder.Encode(MessageId, 65507, reportable: true, security, get, new SaltGenerator(RequestSalt)));

        var answer = new ScopedPdu(EngineId, [], new Pdu(PduType.Response, RequestId, 0, 0, [new VarBind(SysDescr, SnmpValue.OctetString("test agent"))]));
        byte[] encoded = V3MessageEncoder.Encode(MessageId, 65507, reportable: false, security, answer, new SaltGenerator(ResponseSalt));
        Assert.Equal(Response, encoded);

        // And the response opens again: MAC 326f7784c753e4f3047688c9 verifies, the plaintext is the Response.
        var message = V3MessageDecoder.Decode(encoded);
        Assert.Equal(Hex.Bytes("326f7784c753e4f3047688c9"), message.UsmParameters!.AuthenticationParameters);
        Assert.True(UsmIncoming.TryUnprotect(encoded, message, user, out var scoped, out string failure), failure);
        Assert.Equal(SnmpValue.OctetString("test agent"), Assert.Single(scoped.Pdu.VarBinds).Value);
    }

    [Fact]
    public void Vector_E_request_sent_to_the_agent_gets_net_snmps_response_byte_for_byte()
    {
        // An engine with §1.8 E's engineID at boots 1, time 9, whose next salt is the one snmpd used.
        using var agent = new V3TestAgent(engineId: EngineId, savedBoots: 0, firstSalt: ResponseSalt,
            configure: options => options.SysDescr = "test agent");
        agent.Clock.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal(new EngineClock(1, 9), agent.Engine.Now());

        Assert.Equal(Response, agent.Send(Request));
    }
}
