using System.Collections.Immutable;

namespace JailMetrics.Model;

/// <summary>
/// One immutable sample of every jail, the host's IPC limits and how each collector fared.
/// The host itself is among <see cref="Jails"/> as id 0.
/// </summary>
public sealed record Snapshot
{
    public static Snapshot Empty { get; } = new() { Timestamp = DateTimeOffset.UnixEpoch, MonotonicTimestamp = 0 };

    /// <summary>Wall-clock time the sample was taken.</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary><see cref="System.Diagnostics.Stopwatch.GetTimestamp"/> when the sample was taken; rates use this, never the wall clock.</summary>
    public required long MonotonicTimestamp { get; init; }

    /// <summary>Increases by one with every sample the store publishes.</summary>
    public long Sequence { get; init; }

    public ImmutableArray<JailSample> Jails { get; init; } = [];

    public ImmutableDictionary<HostIpcLimit, double> HostIpcLimits { get; init; } = ImmutableDictionary<HostIpcLimit, double>.Empty;

    public ImmutableArray<CollectorStatus> Collectors { get; init; } = [];

    /// <summary>
    /// Whether the kernel's resource accounting is on (FreeBSD RACCT, kern.racct.enable); null on
    /// platforms that have no such switch.
    /// </summary>
    public bool? RacctEnabled { get; init; }

    /// <summary>How long the whole sample took.</summary>
    public TimeSpan Duration { get; init; }

    public JailSample? Find(string name)
    {
        foreach (var jail in Jails)
            if (jail.Name == name) return jail;
        return null;
    }

    /// <summary>The jails proper, without the host.</summary>
    public IEnumerable<JailSample> JailsWithoutHost => Jails.Where(j => !j.Info.IsHost);
}
