using JailMetrics.Snmp.Mib;

namespace JailMetrics.Snmp.Protocol.V3;

/// <summary>The snmpMPDStats counters (RFC 3412 §5, SNMP-MPD-MIB); the value is the OID's last arc.</summary>
public enum MpdStatsCounter
{
    UnknownSecurityModels = 1,
    InvalidMsgs = 2,
    UnknownPduHandlers = 3,
}

/// <summary>
/// The three snmpMPDStats Counter32s of one engine (1.3.6.1.6.3.11.2.1.1–3). snmpUnknownPDUHandlers
/// counts for every version (a Response or Trap sent to the agent), the other two only for SNMPv3.
/// Counter32 wraps at 2³² (RFC 2578 §7.1.6). Thread-safe.
/// </summary>
public sealed class MpdStats
{
    /// <summary>snmpMPDStats: 1.3.6.1.6.3.11.2.1.</summary>
    public static Oid Root { get; } = Oid.Parse("1.3.6.1.6.3.11.2.1");

    private readonly uint[] _counts = new uint[4]; // indexed by the enum value; 0 unused

    /// <summary>The scalar instance (….0), as a Report's varbind names it.</summary>
    public static Oid InstanceOf(MpdStatsCounter counter) => Root.Append((uint)counter, 0);

    public uint Get(MpdStatsCounter counter) => Volatile.Read(ref _counts[Index(counter)]);

    public uint Increment(MpdStatsCounter counter) => Interlocked.Increment(ref _counts[Index(counter)]);

    /// <summary>Counts one and returns a Report's varbind: the instance and its new Counter32 value (RFC 3412 §7.1).</summary>
    public VarBind IncrementForReport(MpdStatsCounter counter) => new(InstanceOf(counter), SnmpValue.Counter32(Increment(counter)));

    private static int Index(MpdStatsCounter counter) =>
        counter is >= MpdStatsCounter.UnknownSecurityModels and <= MpdStatsCounter.UnknownPduHandlers
            ? (int)counter
            : throw new ArgumentOutOfRangeException(nameof(counter), counter, "not an snmpMPDStats counter");
}
