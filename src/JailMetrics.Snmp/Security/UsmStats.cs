using JailMetrics.Snmp.Mib;

namespace JailMetrics.Snmp.Security;

/// <summary>The usmStats counters (RFC 3414 §5, SNMP-USER-BASED-SM-MIB); the value is the OID's last arc.</summary>
public enum UsmStatsCounter
{
    UnsupportedSecLevels = 1,
    NotInTimeWindows = 2,
    UnknownUserNames = 3,
    UnknownEngineIds = 4,
    WrongDigests = 5,
    DecryptionErrors = 6,
}

/// <summary>
/// The six usmStats Counter32s of one engine. Each failed check increments one, and the Report the
/// agent sends back carries that counter's new value as its single varbind (RFC 3414 §3.2, RFC 3412 §7.2.6).
/// Counter32 wraps at 2^32 (RFC 2578 §7.1.6). Thread-safe.
/// </summary>
public sealed class UsmStats
{
    /// <summary>usmStats: 1.3.6.1.6.3.15.1.1.</summary>
    public static Oid Root { get; } = Oid.Parse("1.3.6.1.6.3.15.1.1");

    private readonly uint[] _counts = new uint[7]; // indexed by the enum value; 0 unused

    /// <summary>The counter object's OID, e.g. usmStatsWrongDigests = 1.3.6.1.6.3.15.1.1.5.</summary>
    public static Oid ObjectOf(UsmStatsCounter counter) => Root.Append((uint)counter);

    /// <summary>The scalar instance (…​.0), as it appears in a Report's varbind and in the MIB.</summary>
    public static Oid InstanceOf(UsmStatsCounter counter) => Root.Append((uint)counter, 0);

    public uint Get(UsmStatsCounter counter) => Volatile.Read(ref _counts[Index(counter)]);

    /// <summary>Counts one failure and returns the new value, for the Report.</summary>
    public uint Increment(UsmStatsCounter counter) => Interlocked.Increment(ref _counts[Index(counter)]);

    /// <summary>Counts one failure; the Report's varbind: the counter instance and its new Counter32 value.</summary>
    public (Oid Instance, SnmpValue Value) IncrementForReport(UsmStatsCounter counter) =>
        (InstanceOf(counter), SnmpValue.Counter32(Increment(counter)));

    /// <summary>All six instances with their current values, in OID order (for the agent's own MIB).</summary>
    public IEnumerable<(Oid Instance, SnmpValue Value)> Snapshot() =>
        Enum.GetValues<UsmStatsCounter>().Select(counter => (InstanceOf(counter), SnmpValue.Counter32(Get(counter))));

    private static int Index(UsmStatsCounter counter) =>
        counter is >= UsmStatsCounter.UnsupportedSecLevels and <= UsmStatsCounter.DecryptionErrors
            ? (int)counter
            : throw new ArgumentOutOfRangeException(nameof(counter), counter, "not a usmStats counter");
}
