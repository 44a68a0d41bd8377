namespace JailMetrics.Snmp.Mib;

/// <summary>
/// What request processing reads: the two primitive operations every SNMP read is built from
/// (RFC 3416 §4.2.1 Get, §4.2.2 GetNext). <see cref="MibView"/> is the sampled table; live objects
/// (sysUpTime, the agent's counters) and merged views implement it too.
/// </summary>
public interface IMibReader
{
    /// <summary>The value at <paramref name="oid"/>, or noSuchInstance / noSuchObject.</summary>
    SnmpValue Get(Oid oid);

    /// <summary>The first instance strictly after <paramref name="oid"/>; false (and endOfMibView) past the end.</summary>
    bool TryGetNext(Oid oid, out Oid next, out SnmpValue value);
}
