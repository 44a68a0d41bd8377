using JailMetrics.Model;
using JailMetrics.Snmp.Mib;

namespace JailMetrics.Service.Snmp;

/// <summary>A jmJailBreachTable row: one jail's breach count on one resource.</summary>
public sealed record JailBreachRow(int JailIndex, LimitBreach Breach);

/// <summary>jmJailBreachTable, INDEX { jmJailIndex, jmJailBreachResource }: the kernel's limit-breach counts.</summary>
public static class JailBreachTable
{
    public static MibTable<JailBreachRow> Table { get; } = new(JailMetricsMib.JailBreachEntry,
        row => [(uint)row.JailIndex, ResourceColumns.Of(row.Breach.Resource).EnumValue],
    [
        new(2, "jmJailBreachCount", MibSyntax.Counter64, r => SnmpValue.Counter64(r.Breach.Count)),
        new(3, "jmJailBreachKills", MibSyntax.Counter64, r => r.Breach.Kills is ulong kills ? SnmpValue.Counter64(kills) : null),
    ]);
}
