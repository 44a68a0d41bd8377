namespace JailMetrics.Snmp.Mib;

/// <summary>The value types a varbind carries, numbered by their BER tag (RFC 3416 §3, RFC 2578 §7.1).</summary>
public enum SnmpType : byte
{
    Integer = 0x02,
    OctetString = 0x04,
    Null = 0x05,
    ObjectIdentifier = 0x06,
    IpAddress = 0x40,
    Counter32 = 0x41,
    Gauge32 = 0x42,
    TimeTicks = 0x43,
    Opaque = 0x44,
    Counter64 = 0x46,

    // SNMPv2 exceptions: values, not errors (RFC 3416 §3).
    NoSuchObject = 0x80,
    NoSuchInstance = 0x81,
    EndOfMibView = 0x82,
}
