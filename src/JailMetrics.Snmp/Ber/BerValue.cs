using JailMetrics.Snmp.Mib;

namespace JailMetrics.Snmp.Ber;

/// <summary>Encoded sizes of varbind values and varbinds, so a response can be measured before it is written.</summary>
public static class BerValue
{
    /// <summary>Content octets of <paramref name="value"/> (RFC 3416 §3 ObjectSyntax; exceptions are empty).</summary>
    public static int ContentSize(SnmpValue value) => value.Type switch
    {
        SnmpType.Integer => BerInteger.SizeOfSigned(value.Number),
        SnmpType.Counter32 or SnmpType.Gauge32 or SnmpType.TimeTicks or SnmpType.Counter64 => BerInteger.SizeOfUnsigned(value.Unsigned64),
        SnmpType.OctetString or SnmpType.IpAddress or SnmpType.Opaque => value.Bytes!.Length,
        SnmpType.ObjectIdentifier => value.ObjectId!.BerContent.Length,
        _ => 0, // NULL and the exceptions
    };

    /// <summary>A whole encoded VarBind: <c>SEQUENCE { name OID, value }</c> (RFC 3416 §3).</summary>
    public static int VarBindSize(Oid name, SnmpValue value) => BerLength.SizeOfElement(VarBindContentSize(name, value));

    public static int VarBindContentSize(Oid name, SnmpValue value) =>
        BerLength.SizeOfElement(name.BerContent.Length) + BerLength.SizeOfElement(ContentSize(value));
}
