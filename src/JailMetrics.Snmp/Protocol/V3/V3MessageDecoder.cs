using JailMetrics.Snmp.Ber;

namespace JailMetrics.Snmp.Protocol.V3;

/// <summary>
/// Decodes SNMPv3 messages (RFC 3412 §6) and ScopedPDUs (§6.8). Strict like the v1/v2c decoder: one
/// message per datagram, every element ends where its length says, field ranges as the ASN.1 gives
/// them (msgID and the USM boots/time 0..2³¹−1, msgMaxSize ≥ 484, msgFlags exactly one octet,
/// engineID and user name at most 32 octets). Throws <see cref="BerDecodeException"/> on any
/// violation: the caller counts snmpInASNParseErrs and drops (RFC 3412 §7.2).
/// </summary>
public static class V3MessageDecoder
{
    /// <summary>
    /// The message with msgData left as it came: decode it with <see cref="DecodeScopedPdu"/> once the
    /// security model has checked (and, if encrypted, decrypted) it (RFC 3412 §7.2).
    /// </summary>
    public static V3Message Decode(ReadOnlySpan<byte> datagram)
    {
        var outer = new BerReader(datagram);
        var message = outer.ReadConstructed(BerTag.Sequence);
        outer.ExpectEnd();

        int versionOffset = message.Offset;
        int version = message.ReadInteger32();
        if (version != 3) throw new BerDecodeException($"msgVersion {version} is not 3", versionOffset);

        // msgGlobalData (RFC 3412 §6: HeaderData).
        var global = message.ReadConstructed(BerTag.Sequence);
        int messageId = NonNegative(ref global, "msgID");
        int maxSizeOffset = global.Offset;
        int maxSize = global.ReadInteger32();
        if (maxSize < SnmpV3Limits.MinMessageSize) throw new BerDecodeException($"msgMaxSize {maxSize} below {SnmpV3Limits.MinMessageSize}", maxSizeOffset);
        int flagsOffset = global.Offset;
        var flags = global.ReadOctetString();
        if (flags.Length != 1) throw new BerDecodeException($"msgFlags of {flags.Length} octets, not 1", flagsOffset);
        byte flagsOctet = flags[0];
        int modelOffset = global.Offset;
        int securityModel = global.ReadInteger32();
        if (securityModel < 1) throw new BerDecodeException($"msgSecurityModel {securityModel} outside 1..2147483647", modelOffset);
        global.ExpectEnd();

        var securityParameters = message.ReadContent(BerTag.OctetString, out int securityParametersOffset);
        var usm = securityModel == V3Message.UsmSecurityModel ? ReadUsmParameters(securityParameters, securityParametersOffset) : null;

        // msgData: ScopedPduData ::= CHOICE { plaintext ScopedPDU, encryptedPDU OCTET STRING } (RFC 3412 §6.8).
        int dataOffset = message.Offset;
        byte tag = message.PeekTag();
        bool encrypted;
        byte[] data;
        if (tag == BerTag.Sequence)
        {
            message.ReadElement(out _);
            data = datagram[dataOffset..message.Offset].ToArray();
            encrypted = false;
        }
        else if (tag == BerTag.OctetString)
        {
            data = message.ReadOctetString().ToArray();
            encrypted = true;
        }
        else
        {
            throw new BerDecodeException($"msgData tag 0x{tag:X2} is neither a ScopedPDU nor an encryptedPDU", dataOffset);
        }
        message.ExpectEnd();

        return new V3Message(messageId, maxSize, flagsOctet, securityModel, usm, encrypted, data);
    }

    /// <summary>
    /// A ScopedPDU, plaintext or decrypted. <paramref name="allowTrailingOctets"/> is for decrypted
    /// data: DES plaintext keeps its block padding, which the ScopedPDU's own length excludes
    /// (RFC 3414 §8.3.2 step 4); everywhere else the element must fill the data exactly.
    /// </summary>
    public static ScopedPdu DecodeScopedPdu(ReadOnlySpan<byte> data, bool allowTrailingOctets = false)
    {
        var outer = new BerReader(data);
        var scoped = outer.ReadConstructed(BerTag.Sequence);
        if (!allowTrailingOctets) outer.ExpectEnd();

        byte[] contextEngineId = Bounded(ref scoped, SnmpV3Limits.MaxEngineIdLength, "contextEngineID");
        byte[] contextName = Bounded(ref scoped, SnmpV3Limits.MaxContextNameLength, "contextName");
        // The PDUs of RFC 3416 §3 as SNMPv2c has them, Report included (RFC 3412 §6.8 "data PDUs").
        var pdu = CommunityMessageDecoder.ReadPdu(ref scoped, SnmpVersion.V2c);
        scoped.ExpectEnd();
        return new ScopedPdu(contextEngineId, contextName, pdu);
    }

    /// <summary>The ScopedPDU if <paramref name="data"/> holds a valid one, else null (for a Report's request-id).</summary>
    public static ScopedPdu? TryDecodeScopedPdu(ReadOnlySpan<byte> data, bool allowTrailingOctets = false)
    {
        try
        {
            return DecodeScopedPdu(data, allowTrailingOctets);
        }
        catch (BerDecodeException)
        {
            return null;
        }
    }

    /// <summary>UsmSecurityParameters (RFC 3414 §2.4), inside msgSecurityParameters at <paramref name="baseOffset"/>.</summary>
    private static UsmSecurityParameters ReadUsmParameters(ReadOnlySpan<byte> encoded, int baseOffset)
    {
        // Offsets in errors are relative to msgSecurityParameters' contents; the MAC's is made absolute.
        var outer = new BerReader(encoded);
        var usm = outer.ReadConstructed(BerTag.Sequence);
        outer.ExpectEnd();
        byte[] engineId = Bounded(ref usm, SnmpV3Limits.MaxEngineIdLength, "msgAuthoritativeEngineID");
        int boots = NonNegative(ref usm, "msgAuthoritativeEngineBoots");
        int time = NonNegative(ref usm, "msgAuthoritativeEngineTime");
        byte[] userName = Bounded(ref usm, SnmpV3Limits.MaxUserNameLength, "msgUserName");
        byte[] authentication = usm.ReadContent(BerTag.OctetString, out int authenticationOffset).ToArray();
        byte[] privacy = usm.ReadOctetString().ToArray();
        usm.ExpectEnd();
        return new UsmSecurityParameters(engineId, boots, time, userName, authentication, privacy, baseOffset + authenticationOffset);
    }

    private static int NonNegative(ref BerReader reader, string field)
    {
        int offset = reader.Offset;
        int value = reader.ReadInteger32();
        if (value < 0) throw new BerDecodeException($"{field} {value} outside 0..2147483647", offset);
        return value;
    }

    private static byte[] Bounded(ref BerReader reader, int maxLength, string field)
    {
        int offset = reader.Offset;
        var value = reader.ReadOctetString();
        if (value.Length > maxLength) throw new BerDecodeException($"{field} of {value.Length} octets, more than {maxLength}", offset);
        return value.ToArray();
    }
}
