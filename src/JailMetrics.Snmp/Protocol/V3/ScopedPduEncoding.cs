using JailMetrics.Snmp.Ber;

namespace JailMetrics.Snmp.Protocol.V3;

/// <summary>
/// Sizes and writes <c>ScopedPDU ::= SEQUENCE { contextEngineID, contextName, data }</c>
/// (RFC 3412 §6.8) around the common PDU layout of <see cref="PduEncoding"/>.
/// </summary>
public static class ScopedPduEncoding
{
    /// <summary>The whole encoded ScopedPDU around a PDU of <paramref name="pduSize"/> octets.</summary>
    public static int Size(int contextEngineIdLength, int contextNameLength, int pduSize) =>
        BerLength.SizeOfElement(BerLength.SizeOfElement(contextEngineIdLength) + BerLength.SizeOfElement(contextNameLength) + pduSize);

    /// <summary>The largest PDU whose ScopedPDU stays within <paramref name="maxScopedPduSize"/> octets (0 if none).</summary>
    public static int MaxPduSize(int maxScopedPduSize, int contextEngineIdLength, int contextNameLength) =>
        SizeSearch.Largest(pdu => Size(contextEngineIdLength, contextNameLength, pdu), maxScopedPduSize);

    /// <summary>Encodes a ScopedPDU carrying the given PDU fields as a new array.</summary>
    public static byte[] Encode(ReadOnlySpan<byte> contextEngineId, ReadOnlySpan<byte> contextName, PduType type,
        int requestId, int errorStatus, int errorIndex, IReadOnlyList<VarBind> varBinds, int varBindListContentSize)
    {
        int pduSize = PduEncoding.PduSize(requestId, errorStatus, errorIndex, varBindListContentSize);
        var buffer = new byte[Size(contextEngineId.Length, contextName.Length, pduSize)];
        var writer = new BerWriter(buffer);
        writer.WriteHeader(BerTag.Sequence, BerLength.SizeOfElement(contextEngineId.Length) + BerLength.SizeOfElement(contextName.Length) + pduSize);
        writer.WriteOctetString(contextEngineId);
        writer.WriteOctetString(contextName);
        PduEncoding.WritePdu(ref writer, type, requestId, errorStatus, errorIndex, varBinds, varBindListContentSize);
        return buffer;
    }

    /// <summary>Encodes <paramref name="scopedPdu"/> as a new array.</summary>
    public static byte[] Encode(ScopedPdu scopedPdu)
    {
        ArgumentNullException.ThrowIfNull(scopedPdu);
        var pdu = scopedPdu.Pdu;
        return Encode(scopedPdu.ContextEngineId, scopedPdu.ContextName, pdu.Type, pdu.RequestId, pdu.ErrorStatusField, pdu.ErrorIndexField,
            pdu.VarBinds, PduEncoding.VarBindListContentSize(pdu.VarBinds));
    }
}
