using JailMetrics.Rules;

namespace JailMetrics.Alerts;

/// <summary>
/// A pending or firing alert, as the Prometheus view (<c>jailmetrics_alert_active{rule,name,severity}</c>)
/// and the SNMP alert table show it. <see cref="Since"/> is when it entered its current state.
/// </summary>
public sealed record ActiveAlert(
    AlertRule Rule,
    string Jail,
    AlertState State,
    DateTimeOffset Since,
    double Value,
    double Threshold,
    RctlRule? Enforcement)
{
    public AlertSeverity Severity => Rule.Severity;
}
