using System.Text;
using JailMetrics.Model;
using JailMetrics.Snmp.Mib;

namespace JailMetrics.Service.Snmp;

/// <summary>jmCollectorTable, INDEX { IMPLIED jmCollectorName }: how each collector fared in the latest sample.</summary>
public static class CollectorTable
{
    /// <summary>jmCollectorName's SIZE (1..32).</summary>
    private const int MaxNameOctets = 32;

    public static MibTable<CollectorStatus> Table { get; } = new(JailMetricsMib.CollectorEntry, Index,
    [
        new(2, "jmCollectorSuccess", MibSyntax.TruthValue, c => MibValues.TruthValue(c.Success)),
        new(3, "jmCollectorDuration", MibSyntax.Gauge32, c => SnmpValue.Gauge32Clamped(c.Duration.TotalMicroseconds), "microseconds"),
        new(4, "jmCollectorError", MibSyntax.SnmpAdminString, c => MibValues.Text(c.Error ?? "", MibSyntax.SnmpAdminString)),
    ]);

    /// <summary>IMPLIED: the name's octets, one sub-identifier each, no length (RFC 2578 §7.7).</summary>
    private static uint[]? Index(CollectorStatus collector)
    {
        byte[] name = Encoding.UTF8.GetBytes(collector.Name);
        return name.Length is > 0 and <= MaxNameOctets ? [.. name.Select(b => (uint)b)] : null;
    }
}
