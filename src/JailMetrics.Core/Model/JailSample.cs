using System.Collections.Immutable;

namespace JailMetrics.Model;

/// <summary>Everything one sample knows about one jail.</summary>
public sealed record JailSample(JailInfo Info, ResourceUsage Usage)
{
    public ImmutableArray<InterfaceCounters> Interfaces { get; init; } = [];

    /// <summary>The jail root's filesystem; null when the disk collector could not read it.</summary>
    public FilesystemUsage? Filesystem { get; init; }

    /// <summary>The limits installed on this jail (rctl rules, cgroup limits).</summary>
    public ImmutableArray<JailLimit> Limits { get; init; } = [];

    public string Name => Info.Name;
}
