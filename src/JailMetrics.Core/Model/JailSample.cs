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

    /// <summary>The kernel's cumulative limit-breach counts, one per resource it counts them for (absent: not counted).</summary>
    public ImmutableArray<LimitBreach> Breaches { get; init; } = [];

    public string Name => Info.Name;

    /// <summary>The breach count of <paramref name="resource"/>, or null when none is counted for this jail.</summary>
    public LimitBreach? BreachOf(Resource resource)
    {
        foreach (var breach in Breaches)
            if (breach.Resource == resource) return breach;
        return null;
    }
}
