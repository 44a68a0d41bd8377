namespace JailMetrics.Snmp.Ber;

/// <summary>
/// The universal tags SNMP uses (X.690 §8; RFC 3417 §8 restricts BER to these plus the application
/// types of <see cref="Mib.SnmpType"/> and the context-specific PDU and exception tags). All are
/// single-octet identifiers: tag numbers ≥ 31 never occur in SNMP, so a multi-octet identifier is
/// malformed input, not something to decode.
/// </summary>
public static class BerTag
{
    public const byte Integer = 0x02;
    public const byte OctetString = 0x04;
    public const byte Null = 0x05;
    public const byte ObjectIdentifier = 0x06;

    /// <summary>SEQUENCE / SEQUENCE OF: universal 16, constructed (X.690 §8.9).</summary>
    public const byte Sequence = 0x30;

    /// <summary>Low five bits all set: the tag number continues in further octets (X.690 §8.1.2.4).</summary>
    internal const byte MultiOctetTagMarker = 0x1F;

    /// <summary>Bit 6 of the identifier: constructed encoding (X.690 §8.1.2.5).</summary>
    internal const byte ConstructedBit = 0x20;
}
