using JailMetrics.Model;

namespace JailMetrics.Sampling;

/// <summary>
/// What one collector writes during one sample. It is staged here and merged into the snapshot
/// only when the collector finishes without throwing, so a failing collector leaves no half
/// values behind. Jails are addressed by their position in the sample's jail list.
/// </summary>
public sealed class CollectorWriter
{
    private readonly ResourceUsage.Builder?[] _usage;
    private readonly Dictionary<int, IReadOnlyList<InterfaceCounters>> _interfaces = [];
    private readonly Dictionary<int, FilesystemUsage> _filesystems = [];
    private readonly Dictionary<HostIpcLimit, double> _hostLimits = [];
    private readonly Dictionary<int, IReadOnlyList<JailLimit>> _limits = [];
    private readonly Dictionary<int, IReadOnlyList<LimitBreach>> _breaches = [];

    internal CollectorWriter(int jailCount) => _usage = new ResourceUsage.Builder?[jailCount];

    public int JailCount => _usage.Length;

    /// <summary>The usage of jail <paramref name="jail"/>, to <c>Set</c> or <c>Add</c> values on.</summary>
    public ResourceUsage.Builder Usage(int jail) => _usage[jail] ??= new ResourceUsage.Builder();

    public void SetInterfaces(int jail, IReadOnlyList<InterfaceCounters> interfaces) => _interfaces[jail] = interfaces;

    public void SetFilesystem(int jail, FilesystemUsage filesystem) => _filesystems[jail] = filesystem;

    public void SetHostLimit(HostIpcLimit limit, double value) => _hostLimits[limit] = value;

    public void SetLimits(int jail, IReadOnlyList<JailLimit> limits) => _limits[jail] = limits;

    public void SetBreaches(int jail, IReadOnlyList<LimitBreach> breaches) => _breaches[jail] = breaches;

    internal void CommitTo(SnapshotBuilder target)
    {
        for (int i = 0; i < _usage.Length; i++)
            if (_usage[i] is { } staged) target.UsageOf(i).MergeFrom(staged);
        foreach (var (jail, list) in _interfaces) target.SetInterfaces(jail, list);
        foreach (var (jail, fs) in _filesystems) target.SetFilesystem(jail, fs);
        foreach (var (limit, value) in _hostLimits) target.SetHostLimit(limit, value);
        foreach (var (jail, limits) in _limits) target.SetLimits(jail, limits);
        foreach (var (jail, breaches) in _breaches) target.SetBreaches(jail, breaches);
    }
}
