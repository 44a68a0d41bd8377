using JailMetrics.Snmp.Ber;

namespace JailMetrics.Snmp.Protocol;

/// <summary>Writes v1/v2c messages, <c>SEQUENCE { version, community, PDU }</c> (RFC 1157 §4, RFC 1901 §3).</summary>
public static class CommunityMessageEncoder
{
    /// <summary>The whole message around a PDU of <paramref name="pduSize"/> octets.</summary>
    public static int MessageSize(SnmpVersion version, int communityLength, int pduSize) =>
        BerLength.SizeOfElement(EnvelopeContentSize(version, communityLength) + pduSize);

    /// <summary>
    /// The largest PDU that keeps the message within <paramref name="maxMessageSize"/>: what the
    /// request processor may fill (RFC 3416 §4.2.1 measures tooBig on the whole message).
    /// </summary>
    public static int MaxPduSize(int maxMessageSize, SnmpVersion version, int communityLength)
    {
        int envelope = EnvelopeContentSize(version, communityLength);
        // The outer length field grows with the PDU; take the first size for which it is consistent.
        for (int lengthOctets = 1; lengthOctets <= 5; lengthOctets++)
        {
            int pdu = maxMessageSize - 1 - lengthOctets - envelope;
            if (pdu < 0) return 0;
            if (BerLength.SizeOf(envelope + pdu) <= lengthOctets) return pdu;
        }
        return 0;
    }

    /// <summary>Writes a message carrying the given PDU fields; returns the octets written.</summary>
    public static int Write(Span<byte> destination, SnmpVersion version, ReadOnlySpan<byte> community, PduType type,
        int requestId, int errorStatus, int errorIndex, IReadOnlyList<VarBind> varBinds, int varBindListContentSize)
    {
        int pduSize = PduEncoding.PduSize(requestId, errorStatus, errorIndex, varBindListContentSize);
        var writer = new BerWriter(destination);
        writer.WriteHeader(BerTag.Sequence, EnvelopeContentSize(version, community.Length) + pduSize);
        writer.WriteInteger((int)version);
        writer.WriteOctetString(community);
        PduEncoding.WritePdu(ref writer, type, requestId, errorStatus, errorIndex, varBinds, varBindListContentSize);
        return writer.Written;
    }

    /// <summary>A whole message as a new array: for managers, tests and tools, not the agent's hot path.</summary>
    public static byte[] Encode(CommunityMessage message)
    {
        var pdu = message.Pdu;
        int varBindListSize = PduEncoding.VarBindListContentSize(pdu.VarBinds);
        int pduSize = PduEncoding.PduSize(pdu.RequestId, pdu.ErrorStatusField, pdu.ErrorIndexField, varBindListSize);
        var buffer = new byte[MessageSize(message.Version, message.Community.Length, pduSize)];
        Write(buffer, message.Version, message.Community, pdu.Type, pdu.RequestId, pdu.ErrorStatusField, pdu.ErrorIndexField, pdu.VarBinds, varBindListSize);
        return buffer;
    }

    private static int EnvelopeContentSize(SnmpVersion version, int communityLength) =>
        BerLength.SizeOfElement(BerInteger.SizeOfSigned((int)version)) + BerLength.SizeOfElement(communityLength);
}
