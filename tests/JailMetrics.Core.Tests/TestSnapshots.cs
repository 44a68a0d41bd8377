using System.Collections.Immutable;
using System.Diagnostics;
using JailMetrics.Model;

namespace JailMetrics.Core.Tests;

/// <summary>Small snapshot factories for store and rate tests.</summary>
internal static class TestSnapshots
{
    public static JailSample Jail(string name, long id, params (Resource Resource, double Value)[] values)
    {
        var usage = new ResourceUsage.Builder();
        foreach (var (r, v) in values) usage.Set(r, v);
        return new JailSample(new JailInfo { Name = name, Id = id }, usage.Build());
    }

    /// <summary>A snapshot taken <paramref name="seconds"/> after an arbitrary monotonic origin.</summary>
    public static Snapshot At(double seconds, params JailSample[] jails) => new()
    {
        Timestamp = DateTimeOffset.UnixEpoch.AddSeconds(seconds),
        MonotonicTimestamp = 1_000_000 + (long)(seconds * Stopwatch.Frequency),
        Jails = [.. jails],
    };

    public static InterfaceCounters Interface(string name, ulong rxBytes, ulong txBytes) =>
        new(name, rxBytes, 0, 0, 0, txBytes, 0, 0, 0);

    public static JailSample WithInterfaces(this JailSample jail, params InterfaceCounters[] interfaces) =>
        jail with { Interfaces = interfaces.ToImmutableArray() };
}
