using JailMetrics.Snmp.Ber;

namespace JailMetrics.Snmp.Protocol;

/// <summary>
/// Decodes a whole v1/v2c message (RFC 1157 §4, RFC 1901 §3, PDUs of RFC 3416 §3). Strict: the
/// datagram is exactly one message, every element ends where its length says, the PDU tags are
/// those the version defines (GetBulk, Inform and SNMPv2-Trap do not exist in v1; the v1 Trap not in
/// v2c, RFC 3584 §2.1), and error-status/index and varbind values are well-formed. Throws
/// <see cref="BerDecodeException"/> on any violation.
/// </summary>
public static class CommunityMessageDecoder
{
    public static CommunityMessage Decode(ReadOnlySpan<byte> datagram)
    {
        var pdu = DecodeRequest(datagram, out var version, out var community);
        return new CommunityMessage(version, datagram[community].ToArray(), pdu);
    }

    /// <summary>
    /// As <see cref="Decode"/>, for the agent's receive loop: the community stays in
    /// <paramref name="datagram"/> (<paramref name="community"/> is where), so a request costs no
    /// community copy and no message object.
    /// </summary>
    internal static Pdu DecodeRequest(ReadOnlySpan<byte> datagram, out SnmpVersion version, out Range community)
    {
        var outer = new BerReader(datagram);
        var message = outer.ReadConstructed(BerTag.Sequence);
        outer.ExpectEnd();

        int versionOffset = message.Offset;
        version = message.ReadInteger32() switch
        {
            0 => SnmpVersion.V1,
            1 => SnmpVersion.V2c,
            int other => throw new BerDecodeException($"version {other} is not community-based", versionOffset),
        };
        var communityOctets = message.ReadContent(BerTag.OctetString, out int communityOffset);
        community = new Range(communityOffset, communityOffset + communityOctets.Length);
        var pdu = ReadPdu(ref message, version);
        message.ExpectEnd();
        return pdu;
    }

    internal static Pdu ReadPdu(ref BerReader message, SnmpVersion version)
    {
        int pduOffset = message.Offset;
        byte tag = message.PeekTag();
        var type = (PduType)tag;
        if (!IsDefinedIn(version, type)) throw new BerDecodeException($"PDU tag 0x{tag:X2} does not exist in SNMP{(version == SnmpVersion.V1 ? "v1" : "v2c")}", pduOffset);

        var body = message.ReadConstructed(tag);
        if (type == PduType.TrapV1)
        {
            // Different layout (RFC 1157 §4.1.6) and never answered by an agent: keep only the type.
            return new Pdu(type, 0, 0, 0, []);
        }

        int requestId = body.ReadInteger32();
        int errorStatus = body.ReadInteger32();
        int errorIndex = body.ReadInteger32();
        var list = body.ReadConstructed(BerTag.Sequence);
        body.ExpectEnd();

        // Counted first (a pass over the headers only), so the varbinds go into one exact array
        // instead of a List that grows: a request usually carries one to a few.
        int count = 0;
        for (var counter = list; counter.HasMore; count++) counter.ReadElement(out _);
        var varBinds = count == 0 ? [] : new VarBind[count];
        for (int i = 0; i < count; i++)
        {
            var varBind = list.ReadConstructed(BerTag.Sequence);
            var name = varBind.ReadOid();
            var value = varBind.ReadValue();
            varBind.ExpectEnd();
            varBinds[i] = new VarBind(name, value);
        }
        return new Pdu(type, requestId, errorStatus, errorIndex, varBinds);
    }

    private static bool IsDefinedIn(SnmpVersion version, PduType type) => version == SnmpVersion.V1
        ? type is >= PduType.GetRequest and <= PduType.TrapV1
        : type is >= PduType.GetRequest and <= PduType.Report and not PduType.TrapV1;
}
