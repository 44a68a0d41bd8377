namespace JailMetrics.Alerts;

/// <summary>
/// Where a rule's transitions are sent (config <c>Notify</c>). Every transition is logged by the
/// evaluator whatever the rule says; <see cref="Log"/> asks for a dedicated notification line at the
/// rule's severity on top of that.
/// </summary>
public enum AlertNotifyTarget
{
    /// <summary>An SNMP trap or inform, as the SNMP notification settings say.</summary>
    Snmp,
    Log,
    Alertmanager,
    Webhook,
}
