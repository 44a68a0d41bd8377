using JailMetrics.Snmp.Mib;

namespace JailMetrics.Snmp.Notifications;

/// <summary>
/// One notification to originate: which NOTIFICATION-TYPE it is (the value snmpTrapOID.0 will carry)
/// and the objects its OBJECTS clause lists, in that order (RFC 3416 §4.2.6). The sender adds
/// sysUpTime.0 and snmpTrapOID.0 in front; callers never do.
/// </summary>
public sealed record Notification(Oid TrapOid, IReadOnlyList<(Oid Name, SnmpValue Value)> Objects)
{
    /// <summary>A notification with no objects, such as coldStart.</summary>
    public Notification(Oid trapOid) : this(trapOid, []) { }
}
