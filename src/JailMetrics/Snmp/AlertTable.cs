using JailMetrics.Alerts;
using JailMetrics.Snmp.Mib;

namespace JailMetrics.Service.Snmp;

/// <summary>A jmAlertTable row: a pending or firing alert and the index of its jail.</summary>
public sealed record AlertRow(int JailIndex, ActiveAlert Alert);

/// <summary>
/// jmAlertTable, INDEX { jmAlertRuleIndex, jmJailIndex }: the evaluator's active alerts. Value and
/// threshold are in the resource's usage-column unit, as jmJailLimitAmount is.
/// </summary>
public static class AlertTable
{
    public static MibTable<AlertRow> Table { get; } = new(JailMetricsMib.AlertEntry, Index,
    [
        new(2, "jmAlertRuleName", MibSyntax.SnmpAdminString, r => MibValues.Text(r.Alert.Rule.Name, MibSyntax.SnmpAdminString)),
        new(3, "jmAlertJailName", MibSyntax.SnmpAdminString, r => MibValues.Text(r.Alert.Jail, MibSyntax.SnmpAdminString)),
        new(4, "jmAlertResource", MibSyntax.Resource, r => SnmpValue.Integer((int)ResourceColumns.Of(r.Alert.Rule.Resource).EnumValue)),
        new(5, "jmAlertSeverity", MibSyntax.Enumeration, r => SnmpValue.Integer(SeverityCode(r.Alert.Severity))),
        new(6, "jmAlertState", MibSyntax.Enumeration, r => StateCode(r.Alert.State) is int state ? SnmpValue.Integer(state) : null),
        new(7, "jmAlertValue", MibSyntax.CounterBasedGauge64, r => SnmpValue.Counter64(ResourceColumns.Of(r.Alert.Rule.Resource).Scaled(r.Alert.Value))),
        new(8, "jmAlertThreshold", MibSyntax.CounterBasedGauge64, r => SnmpValue.Counter64(ResourceColumns.Of(r.Alert.Rule.Resource).Scaled(r.Alert.Threshold))),
        new(9, "jmAlertSince", MibSyntax.DateAndTime, r => MibValues.DateAndTime(r.Alert.Since)),
        new(10, "jmAlertEnforcement", MibSyntax.SnmpAdminString, r => MibValues.Text(r.Alert.Enforcement?.ToString() ?? "", MibSyntax.SnmpAdminString)),
    ]);

    /// <summary>jmAlertSeverity: info(1), warning(2), critical(3).</summary>
    public static int SeverityCode(AlertSeverity severity) => (int)severity + 1;

    /// <summary>jmAlertState: pending(1), firing(2); the evaluator lists no other states as active.</summary>
    public static int? StateCode(AlertState state) => state switch
    {
        AlertState.Pending => 1,
        AlertState.Firing => 2,
        _ => null,
    };

    /// <summary>A rule known only from saved state (no configured position) has no row; it resolves at the next sample.</summary>
    private static uint[]? Index(AlertRow row) =>
        row.Alert.Rule.IsConfigured ? [(uint)row.Alert.Rule.Index + 1, (uint)row.JailIndex] : null;
}
