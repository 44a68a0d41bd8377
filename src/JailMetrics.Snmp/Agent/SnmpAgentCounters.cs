using JailMetrics.Snmp.Protocol.V3;

namespace JailMetrics.Snmp.Agent;

/// <summary>
/// The SNMPv2-MIB snmp group counters (RFC 3418), served live under 1.3.6.1.2.1.11. Counter32
/// semantics: they wrap at 2³² and only ever go up. Incremented from receive loops, so atomically.
/// </summary>
public sealed class SnmpAgentCounters
{
    private uint _inPkts;
    private uint _outPkts;
    private uint _inBadVersions;
    private uint _inBadCommunityNames;
    private uint _inBadCommunityUses;
    private uint _inAsnParseErrs;
    private uint _silentDrops;

    /// <summary>snmpInPkts (.11.1): every message delivered by the transport.</summary>
    public uint InPkts => Volatile.Read(ref _inPkts);

    /// <summary>snmpOutPkts (.11.2, obsolete in RFC 3418 but still served by net-snmp): every message sent.</summary>
    public uint OutPkts => Volatile.Read(ref _outPkts);

    /// <summary>snmpInBadVersions (.11.3): a version this agent does not serve.</summary>
    public uint InBadVersions => Volatile.Read(ref _inBadVersions);

    /// <summary>snmpInBadCommunityNames (.11.4): unknown community, or a known one from a source it is not allowed from (RFC 3418 permits counting both).</summary>
    public uint InBadCommunityNames => Volatile.Read(ref _inBadCommunityNames);

    /// <summary>snmpInBadCommunityUses (.11.5): an operation the community may not perform — every Set, since all communities are read-only.</summary>
    public uint InBadCommunityUses => Volatile.Read(ref _inBadCommunityUses);

    /// <summary>snmpInASNParseErrs (.11.6): not valid BER, or not a valid message.</summary>
    public uint InAsnParseErrs => Volatile.Read(ref _inAsnParseErrs);

    /// <summary>snmpSilentDrops (.11.31): a request whose answer, even a tooBig with no varbinds, exceeded the size limit.</summary>
    public uint SilentDrops => Volatile.Read(ref _silentDrops);

    /// <summary>snmpProxyDrops (.11.32): this agent proxies nothing, so it stays 0; served because the group requires it.</summary>
    public uint ProxyDrops => 0;

    /// <summary>
    /// snmpUnknownPDUHandlers (SNMP-MPD-MIB, RFC 3412 §5): a well-formed PDU the agent does not
    /// answer (Response, Trap, Report), in any version.
    /// </summary>
    public uint UnknownPduHandlers => Mpd.Get(MpdStatsCounter.UnknownPduHandlers);

    /// <summary>snmpMPDStats (RFC 3412 §5): snmpUnknownSecurityModels, snmpInvalidMsgs, snmpUnknownPDUHandlers.</summary>
    public MpdStats Mpd { get; } = new();

    /// <summary>snmpUnavailableContexts and snmpUnknownContexts (RFC 3413 §4.1.1), for SNMPv3 requests naming a context.</summary>
    public ContextStats Contexts { get; } = new();

    internal void CountInPkt() => Interlocked.Increment(ref _inPkts);
    internal void CountOutPkt() => Interlocked.Increment(ref _outPkts);
    internal void CountBadVersion() => Interlocked.Increment(ref _inBadVersions);
    internal void CountBadCommunityName() => Interlocked.Increment(ref _inBadCommunityNames);
    internal void CountBadCommunityUse() => Interlocked.Increment(ref _inBadCommunityUses);
    internal void CountAsnParseError() => Interlocked.Increment(ref _inAsnParseErrs);
    internal void CountSilentDrop() => Interlocked.Increment(ref _silentDrops);
    internal void CountUnknownPduHandler() => Mpd.Increment(MpdStatsCounter.UnknownPduHandlers);
}
