using JailMetrics.Snmp.Mib;

namespace JailMetrics.Service.Snmp;

/// <summary>
/// Where JAILMETRICS-MIB (mibs/JAILMETRICS-MIB.txt) lives in the OID tree. The enterprise root is
/// written here and nowhere else; every other OID of the binding is derived from it, and a test
/// checks each against the MIB as smidump parses it.
/// </summary>
public static class JailMetricsMib
{
    /// <summary>
    /// jailMetricsMIB: enterprises.32473, the Private Enterprise Number RFC 5612 reserves for
    /// documentation. The project has no PEN of its own yet; when it gets one, this line and the
    /// MODULE-IDENTITY's <c>::= { enterprises 32473 }</c> change together.
    /// </summary>
    public static Oid Root { get; } = Oid.Parse("1.3.6.1.4.1.32473");

    /// <summary>jmNotifications: arc 0, so SNMPv1 trap translation is reversible (RFC 3584 §3).</summary>
    public static Oid Notifications { get; } = Root.Append(0);

    public static Oid Objects { get; } = Root.Append(1);

    /// <summary>jmAgent: the service's scalars.</summary>
    public static Oid Agent { get; } = Objects.Append(1);

    /// <summary>jmJails: the jail scalars and tables.</summary>
    public static Oid Jails { get; } = Objects.Append(2);

    public static Oid JailEntry { get; } = Jails.Append(3, 1);

    public static Oid JailIfEntry { get; } = Jails.Append(4, 1);

    public static Oid JailLimitEntry { get; } = Jails.Append(5, 1);

    public static Oid JailBreachEntry { get; } = Jails.Append(6, 1);

    public static Oid HostIpcEntry { get; } = Objects.Append(3, 1, 1);

    public static Oid CollectorEntry { get; } = Objects.Append(4, 1, 1);

    /// <summary>jmAlertEntry, in jmAlerts (jmObjects 5).</summary>
    public static Oid AlertEntry { get; } = Objects.Append(5, 1, 1);

    /// <summary>jmServiceAgent (jmProducts 1): what the agent reports as sysObjectID.0.</summary>
    public static Oid SysObjectId { get; } = Root.Append(3, 1);

    /// <summary>The NOTIFICATION-TYPEs, for the notifiers that send them.</summary>
    public static class Notification
    {
        public static Oid JailStarted { get; } = Notifications.Append(1);
        public static Oid JailStopped { get; } = Notifications.Append(2);
        public static Oid JailLimitBreach { get; } = Notifications.Append(3);
        public static Oid JailLimitCleared { get; } = Notifications.Append(4);

        /// <summary>Name → OID, as the MIB names them.</summary>
        public static IReadOnlyDictionary<string, Oid> All { get; } = new Dictionary<string, Oid>
        {
            ["jmJailStarted"] = JailStarted,
            ["jmJailStopped"] = JailStopped,
            ["jmJailLimitBreach"] = JailLimitBreach,
            ["jmJailLimitCleared"] = JailLimitCleared,
        };
    }
}
