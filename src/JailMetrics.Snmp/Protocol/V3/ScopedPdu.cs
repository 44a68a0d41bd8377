namespace JailMetrics.Snmp.Protocol.V3;

/// <summary>
/// <c>ScopedPDU ::= SEQUENCE { contextEngineID OCTET STRING, contextName OCTET STRING, data PDU }</c>
/// (RFC 3412 §6.8): the PDU and the context it addresses.
/// </summary>
public sealed class ScopedPdu
{
    public ScopedPdu(byte[] contextEngineId, byte[] contextName, Pdu pdu)
    {
        ContextEngineId = contextEngineId;
        ContextName = contextName;
        Pdu = pdu;
    }

    public byte[] ContextEngineId { get; }

    /// <summary>Only the default context, the empty name, is served by this agent.</summary>
    public byte[] ContextName { get; }

    public Pdu Pdu { get; }
}
