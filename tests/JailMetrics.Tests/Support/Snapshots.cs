using System.Collections.Immutable;
using JailMetrics.Model;

namespace JailMetrics.Tests.Support;

/// <summary>Synthetic samples, built from Core's records the way a source's SnapshotBuilder would build them.</summary>
public static class Snapshots
{
    private static long _clock = 1_000_000;

    public static JailInfo Jail(string name, long id, string? parent = null) => new()
    {
        Name = name,
        Id = id,
        ParentName = parent,
        Path = $"/jails/{name}",
        Hostname = $"{name}.example.org",
        IPv4Addresses = ["192.0.2.10", "192.0.2.11"],
        IPv6Addresses = ["2001:db8::10"],
    };

    public static JailInfo Host { get; } = JailInfo.Host("testhost");

    /// <summary>A usage with every resource measured: resource i has value <paramref name="baseValue"/> + i.</summary>
    public static ResourceUsage EveryResource(double baseValue = 100)
    {
        var usage = new ResourceUsage.Builder();
        foreach (var info in ResourceInfo.All) usage.Set(info.Resource, baseValue + (int)info.Resource);
        return usage.Build();
    }

    public static ResourceUsage Usage(params (Resource Resource, double Value)[] values)
    {
        var usage = new ResourceUsage.Builder();
        foreach (var (resource, value) in values) usage.Set(resource, value);
        return usage.Build();
    }

    public static InterfaceCounters Nic(string name, ulong seed) =>
        new(name, seed * 1000, seed * 10, seed, seed + 1, seed * 2000, seed * 20, seed + 2, seed + 3);

    public static FilesystemUsage Disk() => new("/", 10_000_000, 4_000_000, 3_500_000, 1000, 400);

    public static JailSample Sample(JailInfo info, ResourceUsage usage, params InterfaceCounters[] nics) =>
        new(info, usage) { Interfaces = [.. nics] };

    public static Snapshot Of(params JailSample[] jails) => new()
    {
        Timestamp = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000),
        MonotonicTimestamp = Interlocked.Add(ref _clock, 10_000_000),
        Jails = [.. jails],
        Collectors = [new CollectorStatus("memory", true, TimeSpan.FromMilliseconds(3))],
        Duration = TimeSpan.FromMilliseconds(12),
    };

    public static Snapshot WithHostLimits(this Snapshot snapshot, params (HostIpcLimit Limit, double Value)[] limits) =>
        snapshot with { HostIpcLimits = limits.ToImmutableDictionary(l => l.Limit, l => l.Value) };
}
