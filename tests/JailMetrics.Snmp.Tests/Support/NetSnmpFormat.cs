using System.Globalization;
using System.Text;
using JailMetrics.Snmp.Mib;

namespace JailMetrics.Snmp.Tests.Support;

/// <summary>
/// How net-snmp's tools print a varbind with <c>-On</c> and no MIBs loaded
/// (<c>.1.3.6.1.4.1.32473.1.1.0 = INTEGER: 42</c>), so expected output can be derived from a view.
/// Covers the value shapes the test views use.
/// </summary>
internal static class NetSnmpFormat
{
    public static string Line(Oid name, SnmpValue value) => $".{name} = {Value(value)}";

    public static IEnumerable<string> Walk(MibView view, Oid subtree, bool v1 = false)
    {
        foreach (var (name, value) in view.Entries)
        {
            if (!name.StartsWith(subtree) || (v1 && value.Type == SnmpType.Counter64)) continue;
            yield return Line(name, value);
        }
    }

    private static string Value(SnmpValue value) => value.Type switch
    {
        SnmpType.Integer => $"INTEGER: {value.Number.ToString(CultureInfo.InvariantCulture)}",
        SnmpType.OctetString when value.Bytes!.Length == 0 => "\"\"",
        SnmpType.OctetString => $"STRING: \"{Encoding.ASCII.GetString(value.Bytes!)}\"",
        SnmpType.Counter32 => $"Counter32: {value.Number}",
        SnmpType.Gauge32 => $"Gauge32: {value.Number}",
        SnmpType.Counter64 => $"Counter64: {value.Unsigned64}",
        SnmpType.TimeTicks => $"Timeticks: ({value.Number}) {Ticks(value.Number)}",
        SnmpType.IpAddress => $"IpAddress: {string.Join('.', value.Bytes!)}",
        SnmpType.ObjectIdentifier => $"OID: .{value.ObjectId}",
        SnmpType.NoSuchObject => "No Such Object available on this agent at this OID",
        SnmpType.NoSuchInstance => "No Such Instance currently exists at this OID",
        _ => throw new NotSupportedException($"no net-snmp rendering for {value.Type} in the test views"),
    };

    // net-snmp prints TimeTicks as (ticks) [d day[s], ]h:mm:ss.cc
    private static string Ticks(long hundredths)
    {
        long days = hundredths / 8_640_000;
        var rest = TimeSpan.FromMilliseconds(hundredths % 8_640_000 * 10);
        string time = $"{rest.Hours}:{rest.Minutes:00}:{rest.Seconds:00}.{rest.Milliseconds / 10:00}";
        return days == 0 ? time : $"{days} day{(days == 1 ? "" : "s")}, {time}";
    }
}
