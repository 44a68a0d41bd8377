using JailMetrics.Snmp.Ber;

namespace JailMetrics.Snmp.Protocol;

/// <summary>
/// The first step of message dispatch (RFC 3412 §4.2.1): read only the outer SEQUENCE and the
/// version, so a message can be handed to the processing model for its version (community-based
/// v1/v2c, or SNMPv3 with USM) or counted as snmpInBadVersions.
/// </summary>
public static class SnmpMessageHeader
{
    /// <summary>The version field; throws <see cref="BerDecodeException"/> when the message does not even start right.</summary>
    public static int ReadVersion(ReadOnlySpan<byte> datagram)
    {
        var outer = new BerReader(datagram);
        var message = outer.ReadConstructed(BerTag.Sequence);
        outer.ExpectEnd(); // trailing octets after the message: refused, it is not one message
        return message.ReadInteger32();
    }
}
