using JailMetrics.Model;
using JailMetrics.Snmp.Mib;

namespace JailMetrics.Service.Snmp;

/// <summary>
/// How one RACCT resource appears in jmJailTable: its column, syntax, UNITS, and the factor from
/// the model's base unit (seconds, percent, bytes, counts) to the MIB's. Limits on the resource
/// (jmJailLimitAmount) use the same unit, so usage and limit compare directly.
/// </summary>
public sealed record ResourceColumn(Resource Resource, uint SubId, MibSyntax Syntax, string Units, double Scale)
{
    /// <summary>jmJail + the resource's name (jmJailMemoryUse).</summary>
    public string Name => "jmJail" + Resource;

    /// <summary>JmResource's number for the resource: the enum's value plus one (enumerations start at 1).</summary>
    public uint EnumValue => (uint)Resource + 1;

    /// <summary>A base-unit amount in the column's unit, as an unsigned number.</summary>
    public ulong Scaled(double amount) => MibValues.ToUInt64(amount * Scale);

    /// <summary>The usage value in the column's syntax.</summary>
    public SnmpValue ToValue(double amount)
    {
        ulong scaled = Scaled(amount);
        return Syntax.WireType == SnmpType.Gauge32
            ? SnmpValue.Gauge32(scaled > uint.MaxValue ? uint.MaxValue : (uint)scaled) // gauges latch at the maximum (RFC 2578 §7.1.7)
            : SnmpValue.Counter64(scaled);
    }
}

/// <summary>
/// Every resource's column. Sub-identifiers are 19 + JmResource's number, in <see cref="Resource"/>
/// order. Types: cumulative counters are Counter64; gauges that can pass 2³² (bytes) are
/// CounterBasedGauge64; counts are Gauge32. CPU and wall-clock time are milliseconds and pcpu
/// hundredths of a percent, because SMI has no fractions and RACCT's whole seconds and percents
/// are too coarse for the Linux figures.
/// </summary>
public static class ResourceColumns
{
    private const double Milli = 1000, Hundredths = 100, One = 1;

    public static IReadOnlyList<ResourceColumn> All { get; } =
    [
        new(Resource.CpuTime, 20, MibSyntax.Counter64, "milliseconds", Milli),
        new(Resource.Pcpu, 21, MibSyntax.Gauge32, "hundredths of a percent", Hundredths),
        new(Resource.DataSize, 22, MibSyntax.CounterBasedGauge64, "bytes", One),
        new(Resource.StackSize, 23, MibSyntax.CounterBasedGauge64, "bytes", One),
        new(Resource.CoreDumpSize, 24, MibSyntax.CounterBasedGauge64, "bytes", One),
        new(Resource.MemoryUse, 25, MibSyntax.CounterBasedGauge64, "bytes", One),
        new(Resource.MemoryLocked, 26, MibSyntax.CounterBasedGauge64, "bytes", One),
        new(Resource.MaxProc, 27, MibSyntax.Gauge32, "processes", One),
        new(Resource.OpenFiles, 28, MibSyntax.Gauge32, "files", One),
        new(Resource.VMemoryUse, 29, MibSyntax.CounterBasedGauge64, "bytes", One),
        new(Resource.PseudoTerminals, 30, MibSyntax.Gauge32, "pseudo-terminals", One),
        new(Resource.SwapUse, 31, MibSyntax.CounterBasedGauge64, "bytes", One),
        new(Resource.NThr, 32, MibSyntax.Gauge32, "threads", One),
        new(Resource.MsgqQueued, 33, MibSyntax.Gauge32, "messages", One),
        new(Resource.MsgqSize, 34, MibSyntax.CounterBasedGauge64, "bytes", One),
        new(Resource.NMsgq, 35, MibSyntax.Gauge32, "queues", One),
        new(Resource.NSem, 36, MibSyntax.Gauge32, "semaphores", One),
        new(Resource.NSemop, 37, MibSyntax.Gauge32, "semaphores", One),
        new(Resource.NShm, 38, MibSyntax.Gauge32, "segments", One),
        new(Resource.ShmSize, 39, MibSyntax.CounterBasedGauge64, "bytes", One),
        new(Resource.Wallclock, 40, MibSyntax.Counter64, "milliseconds", Milli),
        new(Resource.ReadBps, 41, MibSyntax.CounterBasedGauge64, "bytes per second", One),
        new(Resource.WriteBps, 42, MibSyntax.CounterBasedGauge64, "bytes per second", One),
        new(Resource.ReadIops, 43, MibSyntax.Gauge32, "operations per second", One),
        new(Resource.WriteIops, 44, MibSyntax.Gauge32, "operations per second", One),
        new(Resource.IoReadBytes, 45, MibSyntax.Counter64, "bytes", One),
        new(Resource.IoWriteBytes, 46, MibSyntax.Counter64, "bytes", One),
        new(Resource.IoReadOps, 47, MibSyntax.Counter64, "operations", One),
        new(Resource.IoWriteOps, 48, MibSyntax.Counter64, "operations", One),
    ];

    public static ResourceColumn Of(Resource resource) => All[(int)resource];
}
