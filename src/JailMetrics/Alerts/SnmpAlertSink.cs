using JailMetrics.Alerts;
using JailMetrics.Snmp.Mib;
using JailMetrics.Snmp.Notifications;
using JailMetrics.State;
using JailMetrics.Service.Snmp;

namespace JailMetrics.Service.Alerts;

/// <summary>
/// Sends jmJailLimitBreach when an alert of a rule with <c>Notify: ["snmp"]</c> starts firing, and
/// jmJailLimitCleared when it resolves. Pending alerts, and pending ones that drop back, send
/// nothing: nobody is told of an alert that never fired.
/// </summary>
/// <remarks>
/// The MIB's OBJECTS are { jmJailName, jmJailLimitRule, jmJailLimitAmount, jmJailLimitUsage }. An
/// alert rule is not an rctl limit, so it has no jmJailLimitTable row of its own; the limit objects
/// are sent under the instance a row for it would have: <c>jmJailIndex.resource.log(2).jail(1)</c>.
/// log is the JmLimitAction closest to an alert (rctl's own "tell someone, do not act") and the
/// only way to stay inside the MIB's INTEGER enumeration. jmJailLimitRule carries the alert rule's
/// text (<c>jail:db*:memoryuse:alert=80%</c>), jmJailLimitAmount the resolved threshold and
/// jmJailLimitUsage the value, both in the usage column's unit as in jmJailLimitTable.
/// </remarks>
public sealed class SnmpAlertSink(JailIndexRegistry indexes, INotificationSender sender) : IAlertSink
{
    private static readonly Oid NameColumn = JailMetricsMib.JailEntry.Append(2);        // jmJailName
    private static readonly Oid AmountColumn = JailMetricsMib.JailLimitEntry.Append(4); // jmJailLimitAmount
    private static readonly Oid UsageColumn = JailMetricsMib.JailLimitEntry.Append(5);  // jmJailLimitUsage
    private static readonly Oid RuleColumn = JailMetricsMib.JailLimitEntry.Append(6);   // jmJailLimitRule

    /// <summary>The JmLimitAction and JmLimitSubject of the instance an alert's limit objects use.</summary>
    private const uint AlertAction = 2, AlertSubject = 1;

    public void OnTransition(AlertTransition transition)
    {
        if (!transition.Rule.Notify.Contains(AlertNotifyTarget.Snmp)) return;
        var notification = transition.To switch
        {
            AlertState.Firing => JailMetricsMib.Notification.JailLimitBreach,
            AlertState.Resolved => JailMetricsMib.Notification.JailLimitCleared,
            _ => null,
        };
        if (notification is null) return;

        // The registry keeps a gone jail's index, so a cleared notification names the same row as the breach.
        uint jail = (uint)indexes.IndexOf(transition.Jail);
        var column = ResourceColumns.Of(transition.Rule.Resource);
        uint[] instance = [jail, column.EnumValue, AlertAction, AlertSubject];
        sender.TrySend(new Notification(notification,
        [
            (NameColumn.Append(jail), SnmpValue.OctetString(transition.Jail)),
            (RuleColumn.Append(instance), MibValues.Text(transition.Rule.ToString(), MibSyntax.SnmpAdminString)),
            (AmountColumn.Append(instance), SnmpValue.Counter64(column.Scaled(transition.Threshold))),
            (UsageColumn.Append(instance), SnmpValue.Counter64(column.Scaled(transition.Value))),
        ]));
    }
}
