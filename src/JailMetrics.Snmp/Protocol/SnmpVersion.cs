namespace JailMetrics.Snmp.Protocol;

/// <summary>The <c>version</c> field of a message: the value on the wire, not the marketing name.</summary>
public enum SnmpVersion
{
    /// <summary>RFC 1157 §4: version-1(0).</summary>
    V1 = 0,

    /// <summary>RFC 1901 §3: community-based SNMPv2, version(1).</summary>
    V2c = 1,

    /// <summary>RFC 3412 §6: msgVersion 3, served with USM (Protocol/V3) when the agent has an SNMP engine.</summary>
    V3 = 3,
}
