using JailMetrics.Snmp.Mib;

namespace JailMetrics.Service.Snmp;

/// <summary>
/// An object's SYNTAX as the MIB writes it (<see cref="Name"/>, the type or textual convention as
/// smidump reports it) and the type its values travel as on the wire.
/// </summary>
/// <param name="MaxOctets">For strings, the most octets a value may have (longer text is cut at a character boundary).</param>
public sealed record MibSyntax(string Name, SnmpType WireType, int MaxOctets = 0)
{
    public static MibSyntax Counter32 { get; } = new("Counter32", SnmpType.Counter32);
    public static MibSyntax Counter64 { get; } = new("Counter64", SnmpType.Counter64);
    public static MibSyntax Gauge32 { get; } = new("Gauge32", SnmpType.Gauge32);

    /// <summary>Unsigned32 shares Gauge32's tag (RFC 2578 §7.1.11).</summary>
    public static MibSyntax Unsigned32 { get; } = new("Unsigned32", SnmpType.Gauge32);

    /// <summary>HCNUM-TC (RFC 2856): a 64-bit gauge, carried as Counter64.</summary>
    public static MibSyntax CounterBasedGauge64 { get; } = new("CounterBasedGauge64", SnmpType.Counter64);

    /// <summary>An INTEGER with named numbers defined in place.</summary>
    public static MibSyntax Enumeration { get; } = new("Enumeration", SnmpType.Integer);

    public static MibSyntax Integer32 { get; } = new("Integer32", SnmpType.Integer);

    /// <summary>JAILMETRICS-MIB's JmResource: a resource by its number.</summary>
    public static MibSyntax Resource { get; } = new("JmResource", SnmpType.Integer);
    public static MibSyntax TruthValue { get; } = new("TruthValue", SnmpType.Integer);

    /// <summary>SNMPv2-TC TimeStamp: sysUpTime at an event, as TimeTicks.</summary>
    public static MibSyntax TimeStamp { get; } = new("TimeStamp", SnmpType.TimeTicks);

    public static MibSyntax DateAndTime { get; } = new("DateAndTime", SnmpType.OctetString, 11);
    public static MibSyntax SnmpAdminString { get; } = new("SnmpAdminString", SnmpType.OctetString, 255);

    /// <summary>JAILMETRICS-MIB's JmUtf8String: UTF-8 up to 1024 octets (paths, address lists).</summary>
    public static MibSyntax Utf8String { get; } = new("JmUtf8String", SnmpType.OctetString, 1024);
}
