using JailMetrics.Snmp.Ber;
using JailMetrics.Snmp.Mib;

namespace JailMetrics.Snmp.Tests.Support;

/// <summary>One-call encode/decode of single elements, for codec tests.</summary>
internal static class Codec
{
    public static byte[] EncodeValue(SnmpValue value)
    {
        var buffer = new byte[BerLength.SizeOfElement(BerValue.ContentSize(value))];
        var writer = new BerWriter(buffer);
        writer.WriteValue(value);
        Assert.Equal(buffer.Length, writer.Written);
        return buffer;
    }

    public static SnmpValue DecodeValue(byte[] encoded)
    {
        var reader = new BerReader(encoded);
        var value = reader.ReadValue();
        reader.ExpectEnd();
        return value;
    }

    public static byte[] EncodeOid(Oid oid) => EncodeValue(SnmpValue.ObjectIdentifier(oid));

    public static int DecodeInteger32(byte[] encoded)
    {
        var reader = new BerReader(encoded);
        int value = reader.ReadInteger32();
        reader.ExpectEnd();
        return value;
    }
}
