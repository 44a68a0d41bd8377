using JailMetrics.Snmp.Mib;

namespace JailMetrics.Snmp.Notifications;

/// <summary>The standard objects and notifications of SNMPv2-MIB (RFC 3418) that every notification originator uses.</summary>
public static class NotificationOids
{
    /// <summary>sysUpTime.0 (1.3.6.1.2.1.1.3.0): the first varbind of every SNMPv2-Trap and InformRequest (RFC 3416 §4.2.6).</summary>
    public static readonly Oid SysUpTime0 = Oid.Parse("1.3.6.1.2.1.1.3.0");

    /// <summary>snmpTrapOID.0 (1.3.6.1.6.3.1.1.4.1.0): the second varbind, naming the notification (RFC 3416 §4.2.6).</summary>
    public static readonly Oid SnmpTrapOid0 = Oid.Parse("1.3.6.1.6.3.1.1.4.1.0");

    /// <summary>snmpTraps (1.3.6.1.6.3.1.1.5): the generic notifications of RFC 3418.</summary>
    public static readonly Oid SnmpTraps = Oid.Parse("1.3.6.1.6.3.1.1.5");

    /// <summary>coldStart (snmpTraps.1): the entity is (re)initializing and its configuration may have changed (RFC 3418).</summary>
    public static readonly Oid ColdStart = SnmpTraps.Append(1);

    /// <summary>warmStart (snmpTraps.2): reinitializing with its configuration unchanged (RFC 3418).</summary>
    public static readonly Oid WarmStart = SnmpTraps.Append(2);
}
