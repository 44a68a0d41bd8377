using JailMetrics.Snmp.Ber;

namespace JailMetrics.Snmp.Protocol;

/// <summary>
/// Sizes and writes the common PDU layout (RFC 3416 §3):
/// <c>[tag] { request-id, error-status, error-index, SEQUENCE OF VarBind }</c>.
/// Sizes come first so a response can be checked against the size limit before it is written.
/// </summary>
public static class PduEncoding
{
    public static int VarBindListContentSize(IReadOnlyList<VarBind> varBinds)
    {
        int size = 0;
        for (int i = 0; i < varBinds.Count; i++) size += BerValue.VarBindSize(varBinds[i].Name, varBinds[i].Value);
        return size;
    }

    /// <summary>The whole encoded PDU (identifier, length and content).</summary>
    public static int PduSize(int requestId, int errorStatus, int errorIndex, int varBindListContentSize) =>
        BerLength.SizeOfElement(PduContentSize(requestId, errorStatus, errorIndex, varBindListContentSize));

    public static void WritePdu(ref BerWriter writer, PduType type, int requestId, int errorStatus, int errorIndex,
        IReadOnlyList<VarBind> varBinds, int varBindListContentSize)
    {
        writer.WriteHeader((byte)type, PduContentSize(requestId, errorStatus, errorIndex, varBindListContentSize));
        writer.WriteInteger(requestId);
        writer.WriteInteger(errorStatus);
        writer.WriteInteger(errorIndex);
        writer.WriteHeader(BerTag.Sequence, varBindListContentSize);
        for (int i = 0; i < varBinds.Count; i++) writer.WriteVarBind(varBinds[i].Name, varBinds[i].Value);
    }

    private static int PduContentSize(int requestId, int errorStatus, int errorIndex, int varBindListContentSize) =>
        BerLength.SizeOfElement(BerInteger.SizeOfSigned(requestId)) +
        BerLength.SizeOfElement(BerInteger.SizeOfSigned(errorStatus)) +
        BerLength.SizeOfElement(BerInteger.SizeOfSigned(errorIndex)) +
        BerLength.SizeOfElement(varBindListContentSize);
}
