using JailMetrics.Snmp.Mib;
using JailMetrics.Snmp.Protocol;

namespace JailMetrics.Snmp.Notifications;

/// <summary>The variable-bindings of an SNMPv2-Trap or InformRequest (RFC 3416 §4.2.6 and §4.2.7).</summary>
internal static class NotificationVarBinds
{
    /// <summary>
    /// sysUpTime.0 (TimeTicks) first and snmpTrapOID.0 second, as RFC 3416 §4.2.6 requires of both
    /// PDUs; then the notification's objects in the order given (its OBJECTS clause's order).
    /// </summary>
    public static VarBind[] Build(Notification notification, uint sysUpTimeHundredths)
    {
        var varBinds = new VarBind[2 + notification.Objects.Count];
        varBinds[0] = new VarBind(NotificationOids.SysUpTime0, SnmpValue.TimeTicks(sysUpTimeHundredths));
        varBinds[1] = new VarBind(NotificationOids.SnmpTrapOid0, SnmpValue.ObjectIdentifier(notification.TrapOid));
        for (int i = 0; i < notification.Objects.Count; i++)
        {
            var (name, value) = notification.Objects[i];
            if (value.IsException) throw new ArgumentException($"notification object {name} carries {value.Type}, which only a Response may (RFC 3416 §3)", nameof(notification));
            varBinds[2 + i] = new VarBind(name, value);
        }
        return varBinds;
    }
}
