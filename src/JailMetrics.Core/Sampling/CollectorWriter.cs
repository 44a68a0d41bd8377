using JailMetrics.Model;

namespace JailMetrics.Sampling;

/// <summary>
/// What one collector writes during one sample. It is staged here and merged into the snapshot
/// only when the collector finishes without throwing, so a failing collector leaves no half
/// values behind. Jails are addressed by their position in the sample's jail list.
/// One writer serves every collector of a sample in turn (<see cref="Reset"/> between them): its
/// staging builders are made once per sample, not once per collector (issue 8: allocation per sample).
/// </summary>
public sealed class CollectorWriter
{
    private readonly ResourceUsage.Builder?[] _usage;
    private readonly bool[] _staged; // which of _usage the current collector wrote to
    private readonly Dictionary<int, IReadOnlyList<InterfaceCounters>> _interfaces = [];
    private readonly Dictionary<int, FilesystemUsage> _filesystems = [];
    private readonly Dictionary<HostIpcLimit, double> _hostLimits = [];
    private readonly Dictionary<int, IReadOnlyList<JailLimit>> _limits = [];
    private readonly Dictionary<int, IReadOnlyList<LimitBreach>> _breaches = [];

    internal CollectorWriter(int jailCount)
    {
        _usage = new ResourceUsage.Builder?[jailCount];
        _staged = new bool[jailCount];
        JailCount = jailCount;
    }

    public int JailCount { get; private set; }

    /// <summary>How many jails this writer can take (<see cref="Reset"/> can make it serve fewer).</summary>
    internal int Capacity => _usage.Length;

    /// <summary>The usage of jail <paramref name="jail"/>, to <c>Set</c> or <c>Add</c> values on.</summary>
    public ResourceUsage.Builder Usage(int jail)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)jail, (uint)JailCount, nameof(jail));
        var usage = _usage[jail] ??= new ResourceUsage.Builder();
        if (!_staged[jail])
        {
            usage.Clear();
            _staged[jail] = true;
        }
        return usage;
    }

    public void SetInterfaces(int jail, IReadOnlyList<InterfaceCounters> interfaces) => _interfaces[jail] = interfaces;

    public void SetFilesystem(int jail, FilesystemUsage filesystem) => _filesystems[jail] = filesystem;

    public void SetHostLimit(HostIpcLimit limit, double value) => _hostLimits[limit] = value;

    public void SetLimits(int jail, IReadOnlyList<JailLimit> limits) => _limits[jail] = limits;

    public void SetBreaches(int jail, IReadOnlyList<LimitBreach> breaches) => _breaches[jail] = breaches;

    internal void CommitTo(SnapshotBuilder target)
    {
        for (int i = 0; i < JailCount; i++)
            if (_staged[i]) target.UsageOf(i).MergeFrom(_usage[i]!);
        foreach (var (jail, list) in _interfaces) target.SetInterfaces(jail, list);
        foreach (var (jail, fs) in _filesystems) target.SetFilesystem(jail, fs);
        foreach (var (limit, value) in _hostLimits) target.SetHostLimit(limit, value);
        foreach (var (jail, limits) in _limits) target.SetLimits(jail, limits);
        foreach (var (jail, breaches) in _breaches) target.SetBreaches(jail, breaches);
    }

    /// <summary>Forgets what the last collector wrote, for the next one (of a sample of <paramref name="jailCount"/> jails, at most <see cref="Capacity"/>).</summary>
    internal void Reset(int jailCount)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(jailCount, Capacity);
        JailCount = jailCount;
        Array.Clear(_staged);
        _interfaces.Clear();
        _filesystems.Clear();
        _hostLimits.Clear();
        _limits.Clear();
        _breaches.Clear();
    }
}
