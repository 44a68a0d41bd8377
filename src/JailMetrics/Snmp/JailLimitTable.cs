using JailMetrics.Model;
using JailMetrics.Snmp.Mib;

namespace JailMetrics.Service.Snmp;

/// <summary>A jmJailLimitTable row: one limit of one jail, and that jail's usage.</summary>
public sealed record JailLimitRow(int JailIndex, string JailName, JailLimit Limit, ResourceUsage Usage);

/// <summary>
/// jmJailLimitTable, INDEX { jmJailIndex, jmJailLimitResource, jmJailLimitAction, jmJailLimitSubject }:
/// every rule is identified by what rctl itself keys it on, so a jail's rows are stable while its
/// rules are. Amount and usage are in the resource's usage-column unit.
/// </summary>
public static class JailLimitTable
{
    public static MibTable<JailLimitRow> Table { get; } = new(JailMetricsMib.JailLimitEntry, Index,
    [
        new(4, "jmJailLimitAmount", MibSyntax.CounterBasedGauge64,
            r => SnmpValue.Counter64(ResourceColumns.Of(r.Limit.Resource).Scaled(r.Limit.Amount))),
        new(5, "jmJailLimitUsage", MibSyntax.CounterBasedGauge64,
            r => r.Usage.TryGet(r.Limit.Resource, out double used) ? SnmpValue.Counter64(ResourceColumns.Of(r.Limit.Resource).Scaled(used)) : null),
        new(6, "jmJailLimitRule", MibSyntax.SnmpAdminString, r => MibValues.Text(r.Limit.ToRule(r.JailName), MibSyntax.SnmpAdminString)),
    ]);

    /// <summary>A rule with an action or subject the MIB has no number for is left out rather than misnumbered.</summary>
    private static uint[]? Index(JailLimitRow row) =>
        LimitCodes.TryGetAction(row.Limit.Action, out uint action) && LimitCodes.TryGetSubject(row.Limit.Per, out uint subject)
            ? [(uint)row.JailIndex, ResourceColumns.Of(row.Limit.Resource).EnumValue, action, subject]
            : null;
}
