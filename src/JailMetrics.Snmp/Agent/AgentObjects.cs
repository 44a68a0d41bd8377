using System.Reflection;
using System.Runtime.InteropServices;
using JailMetrics.Snmp.Mib;

namespace JailMetrics.Snmp.Agent;

/// <summary>
/// The objects every SNMP agent serves itself, from SNMPv2-MIB (RFC 3418): the system group, the
/// snmp group counters and snmpSetSerialNo — the groups snmpBasicComplianceRev2 requires. Values
/// are live: sysUpTime is computed per request, counters read when asked.
/// </summary>
internal static class AgentObjects
{
    /// <summary>system = mib-2.1 (RFC 3418).</summary>
    public static readonly Oid System = Oid.Parse("1.3.6.1.2.1.1");

    /// <summary>snmp = mib-2.11 (RFC 3418).</summary>
    public static readonly Oid Snmp = Oid.Parse("1.3.6.1.2.1.11");

    public static readonly Oid SysUpTime = System.Append(3);

    /// <summary>snmpSetSerialNo = snmpSet.1 = 1.3.6.1.6.3.1.1.6.1 (RFC 3418 snmpSetGroup).</summary>
    public static readonly Oid SnmpSetSerialNo = Oid.Parse("1.3.6.1.6.3.1.1.6.1");

    /// <param name="more">Further live scalars (the SNMPv3 engine's objects, <see cref="V3AgentObjects"/>).</param>
    public static LiveScalars Create(SnmpAgentOptions options, SnmpAgentCounters counters, Func<uint> upTimeHundredths,
        IEnumerable<(Oid ObjectType, Func<SnmpValue> Value)>? more = null)
    {
        var sysDescr = SnmpValue.OctetString(string.IsNullOrEmpty(options.SysDescr) ? DefaultDescription() : options.SysDescr);
        var sysObjectId = SnmpValue.ObjectIdentifier(Oid.Parse(options.SysObjectId));
        var sysContact = SnmpValue.OctetString(options.SysContact);
        var sysName = SnmpValue.OctetString(options.SysName);
        var sysLocation = SnmpValue.OctetString(options.SysLocation);
        var sysServices = SnmpValue.Integer(options.SysServices);
        var zeroTicks = SnmpValue.TimeTicks(0);
        var authenTrapsDisabled = SnmpValue.Integer(2); // snmpEnableAuthenTraps: disabled(2), this agent sends no authenticationFailure traps
        var zero = SnmpValue.Integer(0);

        return new LiveScalars(
        [
            (System.Append(1), () => sysDescr),
            (System.Append(2), () => sysObjectId),
            (SysUpTime, () => SnmpValue.TimeTicks(upTimeHundredths())),
            (System.Append(4), () => sysContact),
            (System.Append(5), () => sysName),
            (System.Append(6), () => sysLocation),
            (System.Append(7), () => sysServices),
            (System.Append(8), () => zeroTicks), // sysORLastChange: the (empty) sysORTable never changed since start

            (Snmp.Append(1), () => SnmpValue.Counter32(counters.InPkts)),
            (Snmp.Append(2), () => SnmpValue.Counter32(counters.OutPkts)),
            (Snmp.Append(3), () => SnmpValue.Counter32(counters.InBadVersions)),
            (Snmp.Append(4), () => SnmpValue.Counter32(counters.InBadCommunityNames)),
            (Snmp.Append(5), () => SnmpValue.Counter32(counters.InBadCommunityUses)),
            (Snmp.Append(6), () => SnmpValue.Counter32(counters.InAsnParseErrs)),
            (Snmp.Append(30), () => authenTrapsDisabled),
            (Snmp.Append(31), () => SnmpValue.Counter32(counters.SilentDrops)),
            (Snmp.Append(32), () => SnmpValue.Counter32(counters.ProxyDrops)),

            (SnmpSetSerialNo, () => zero), // TestAndIncr; never advances because nothing is ever set
            .. more ?? [],
        ]);
    }

    private static string DefaultDescription()
    {
        string version = typeof(AgentObjects).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "";
        int metadata = version.IndexOf('+', StringComparison.Ordinal);
        if (metadata >= 0) version = version[..metadata];
        return $"JailMetrics {version} on {RuntimeInformation.OSDescription} ({RuntimeInformation.OSArchitecture})";
    }
}
