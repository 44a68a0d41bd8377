using System.Buffers.Binary;
using System.Text;
using JailMetrics.Snmp.Mib;

namespace JailMetrics.Service.Snmp;

/// <summary>Conversions from the model's values to SNMP values of the MIB's syntaxes.</summary>
public static class MibValues
{
    public static SnmpValue TruthValue(bool value) => SnmpValue.Integer(value ? 1 : 2); // SNMPv2-TC: true(1), false(2)

    public static SnmpValue TimeStamp(uint ticks) => SnmpValue.TimeTicks(ticks);

    /// <summary>
    /// A measured amount as an unsigned 64-bit number: truncated (so a counter read twice never
    /// appears to go back), negative values as 0, anything beyond 2⁶⁴−1 as 2⁶⁴−1.
    /// </summary>
    public static ulong ToUInt64(double value) =>
        value <= 0 || double.IsNaN(value) ? 0 : value >= 18446744073709551615.0 ? ulong.MaxValue : (ulong)value;

    /// <summary>Text as UTF-8, cut at a character boundary to fit <paramref name="maxOctets"/>.</summary>
    public static SnmpValue Text(string text, int maxOctets)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        if (bytes.Length <= maxOctets) return SnmpValue.OctetString(bytes);
        int end = maxOctets;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) end--; // back up to the first octet of a character
        return SnmpValue.OctetString(bytes[..end]);
    }

    public static SnmpValue Text(string text, MibSyntax syntax) => Text(text, syntax.MaxOctets);

    /// <summary>SNMPv2-TC DateAndTime in its 11-octet form, in UTC (direction '+', offset 0).</summary>
    public static SnmpValue DateAndTime(DateTimeOffset time)
    {
        var utc = time.UtcDateTime;
        var octets = new byte[11];
        BinaryPrimitives.WriteUInt16BigEndian(octets, (ushort)utc.Year);
        octets[2] = (byte)utc.Month;
        octets[3] = (byte)utc.Day;
        octets[4] = (byte)utc.Hour;
        octets[5] = (byte)utc.Minute;
        octets[6] = (byte)utc.Second;
        octets[7] = (byte)(utc.Millisecond / 100); // deci-seconds
        octets[8] = (byte)'+';
        return SnmpValue.OctetString(octets);
    }

    /// <summary>A value whose wire type is not its column's is a bug in a column table: fail the sample loudly.</summary>
    public static void CheckType(string name, MibSyntax syntax, SnmpValue value)
    {
        if (value.Type != syntax.WireType)
            throw new InvalidOperationException($"{name} is {syntax.Name} ({syntax.WireType}) but its reader returned {value.Type}");
    }
}
