namespace JailMetrics.Snmp.Protocol;

/// <summary>
/// A community-based message, <c>SEQUENCE { version, community OCTET STRING, data PDU }</c>:
/// SNMPv1 (RFC 1157 §4) and SNMPv2c (RFC 1901 §3).
/// </summary>
public sealed class CommunityMessage
{
    public CommunityMessage(SnmpVersion version, byte[] community, Pdu pdu)
    {
        Version = version;
        Community = community;
        Pdu = pdu;
    }

    public SnmpVersion Version { get; }

    public byte[] Community { get; }

    public Pdu Pdu { get; }
}
