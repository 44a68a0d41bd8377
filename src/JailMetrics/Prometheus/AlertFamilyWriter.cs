using JailMetrics.Alerts;

namespace JailMetrics.Service.Prometheus;

/// <summary>
/// Writes <c>jailmetrics_alert_active{rule,name,severity}</c>: 1 for each firing alert and absent
/// otherwise. Pending alerts are not exported (a <c>state</c> label would make a series change
/// identity when it fires).
/// </summary>
internal static class AlertFamilyWriter
{
    private static readonly MetricFamily Family = new("jailmetrics_alert_active",
        "An alert rule (Alerts:Rules) firing for the jail; always 1, absent while not firing (pending included)", FamilyType.Gauge);

    public static void Write(ExpositionWriter writer, IReadOnlyList<ActiveAlert> alerts)
    {
        writer.BeginFamily(Family);
        foreach (var alert in alerts)
            if (alert.State == AlertState.Firing)
                writer.Series().Label("rule"u8, alert.Rule.Name).Label("name"u8, alert.Jail).Label("severity"u8, SeverityLabel(alert.Severity)).Value(1);
    }

    private static string SeverityLabel(AlertSeverity severity) => severity switch
    {
        AlertSeverity.Critical => "critical",
        AlertSeverity.Warning => "warning",
        AlertSeverity.Info => "info",
        _ => severity.ToString().ToLowerInvariant(),
    };
}
