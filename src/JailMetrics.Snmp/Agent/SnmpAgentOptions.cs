using JailMetrics.Snmp.Security;

namespace JailMetrics.Snmp.Agent;

/// <summary>The SNMP agent's configuration (section <c>"Snmp"</c>). Validated when the agent starts.</summary>
public sealed class SnmpAgentOptions
{
    public const string Section = "Snmp";

    public bool Enabled { get; set; } = true;

    /// <summary>"host:port" per socket: IPv4 (<c>127.0.0.1:1161</c>) or bracketed IPv6 (<c>[::1]:1161</c>); port 0 picks a free one.</summary>
    public List<string> ListenAddresses { get; set; } = ["127.0.0.1:1161"];

    /// <summary>Accepted communities, each with the source networks allowed to use it. Default: read-only "public" from loopback.</summary>
    public List<SnmpCommunity> Communities { get; set; } = [new()];

    /// <summary>
    /// Largest response datagram (484..65507). The default is net-snmp's SNMP_MAX_MSG_SIZE, an Ethernet
    /// MTU minus IP and UDP headers, so answers are never fragmented; v1/v2c requests carry no size of
    /// their own, so this is the whole limit (RFC 3416 §4.2.1 "local constraint").
    /// </summary>
    public int MaxMessageSize { get; set; } = 1472;

    /// <summary>Clamp on GetBulk max-repetitions (CVE-2008-4309 class of bugs: never trust N·M·R).</summary>
    public int MaxGetBulkRepetitions { get; set; } = 1000;

    /// <summary>sysDescr.0; empty means "JailMetrics &lt;version&gt; on &lt;OS&gt;".</summary>
    public string SysDescr { get; set; } = "";

    public string SysContact { get; set; } = "";

    public string SysName { get; set; } = Environment.MachineName;

    public string SysLocation { get; set; } = "";

    /// <summary>
    /// sysObjectID.0, dotted decimal. The default sits under 32473, the documentation enterprise
    /// number (RFC 5612): replace it with the project's own arc once it has one.
    /// </summary>
    public string SysObjectId { get; set; } = "1.3.6.1.4.1.32473.1";

    /// <summary>
    /// Where the SNMP engine keeps snmpEngineID and snmpEngineBoots (<see cref="EngineState.FileName"/>),
    /// which must survive restarts (RFC 3414 §2.2). Needed for SNMPv3 unless the host hands the agent
    /// an <see cref="Protocol.V3.SnmpEngine"/>; without either, SNMPv3 is off (counted as snmpInBadVersions).
    /// </summary>
    public string? StateDirectory { get; set; }

    /// <summary>SNMPv3 users (USM, RFC 3414). Requests from anyone else get an unknownUserNames Report.</summary>
    public List<UsmUserOptions> Users { get; set; } = [];

    /// <summary>Named read views for users and communities; <c>all</c> (every OID) is built in.</summary>
    public List<ViewOptions> Views { get; set; } = [];

    /// <summary>sysServices.0: 72 = application (64) + end-to-end (8), what a host agent reports (RFC 3418 sysServices).</summary>
    public int SysServices { get; set; } = 72;
}

/// <summary>A community string and the source networks (CIDR) that may use it. Every community is read-only.</summary>
public sealed class SnmpCommunity
{
    public string Name { get; set; } = "public";

    public List<string> AllowedNetworks { get; set; } = ["127.0.0.0/8", "::1/128"];

    /// <summary>The read view (a <see cref="ViewOptions.Name"/>); objects outside it do not exist for this community.</summary>
    public string View { get; set; } = AccessView.AllName;
}
