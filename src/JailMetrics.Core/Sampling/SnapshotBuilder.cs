using System.Collections.Immutable;
using System.Diagnostics;
using JailMetrics.Model;

namespace JailMetrics.Sampling;

/// <summary>
/// Assembles one <see cref="Snapshot"/>: the jails found, then each collector run in isolation
/// (<see cref="Run{TScan}"/>), then <see cref="Build"/>.
/// </summary>
public sealed class SnapshotBuilder
{
    private readonly IReadOnlyList<JailInfo> _jails;
    private readonly ResourceUsage.Builder[] _usage;
    private readonly IReadOnlyList<InterfaceCounters>?[] _interfaces;
    private readonly FilesystemUsage?[] _filesystems;
    private readonly IReadOnlyList<JailLimit>?[] _limits;
    private readonly IReadOnlyList<LimitBreach>?[] _breaches;
    private readonly Dictionary<HostIpcLimit, double> _hostLimits = [];
    private readonly List<CollectorStatus> _statuses = [];
    private readonly DateTimeOffset _timestamp;
    private readonly long _started;
    private CollectorWriter? _writer; // one for every collector in turn
    // The last sample's writer, for the next sample of as many jails or fewer: its staging builders are
    // the largest thing a sample would otherwise make and drop (issue 8). One sample at a time takes it.
    private static CollectorWriter? s_spareWriter;

    public SnapshotBuilder(IReadOnlyList<JailInfo> jails, TimeProvider? time = null)
    {
        time ??= TimeProvider.System;
        _jails = jails;
        _usage = new ResourceUsage.Builder[jails.Count];
        for (int i = 0; i < _usage.Length; i++) _usage[i] = new ResourceUsage.Builder();
        _interfaces = new IReadOnlyList<InterfaceCounters>?[jails.Count];
        _filesystems = new FilesystemUsage?[jails.Count];
        _limits = new IReadOnlyList<JailLimit>?[jails.Count];
        _breaches = new IReadOnlyList<LimitBreach>?[jails.Count];
        _timestamp = time.GetUtcNow();
        _started = Stopwatch.GetTimestamp();
    }

    public IReadOnlyList<JailInfo> Jails => _jails;

    /// <summary>Whether the kernel's resource accounting is on; left null where the platform has no such switch.</summary>
    public bool? RacctEnabled { get; set; }

    /// <summary>
    /// Runs one collector: times it, catches what it throws, and merges its output only on success.
    /// </summary>
    public CollectorStatus Run<TScan>(ICollector<TScan> collector, TScan scan, CancellationToken cancellationToken)
    {
        var writer = _writer ??= Interlocked.Exchange(ref s_spareWriter, null) is { } spare && spare.Capacity >= _jails.Count
            ? spare
            : new CollectorWriter(_jails.Count);
        writer.Reset(_jails.Count);
        long start = Stopwatch.GetTimestamp();
        CollectorStatus status;
        try
        {
            collector.Collect(scan, writer, cancellationToken);
            writer.CommitTo(this);
            status = new CollectorStatus(collector.Name, true, Stopwatch.GetElapsedTime(start));
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            status = new CollectorStatus(collector.Name, false, Stopwatch.GetElapsedTime(start), e.Message);
        }
        _statuses.Add(status);
        return status;
    }

    /// <summary>Records the outcome of a step that is not an <see cref="ICollector{TScan}"/> (jail discovery).</summary>
    public void AddStatus(CollectorStatus status) => _statuses.Add(status);

    internal ResourceUsage.Builder UsageOf(int jail) => _usage[jail];
    internal void SetInterfaces(int jail, IReadOnlyList<InterfaceCounters> list) => _interfaces[jail] = list;
    internal void SetFilesystem(int jail, FilesystemUsage fs) => _filesystems[jail] = fs;
    internal void SetHostLimit(HostIpcLimit limit, double value) => _hostLimits[limit] = value;
    internal void SetLimits(int jail, IReadOnlyList<JailLimit> limits) => _limits[jail] = limits;
    internal void SetBreaches(int jail, IReadOnlyList<LimitBreach> breaches) => _breaches[jail] = breaches;

    public Snapshot Build()
    {
        if (_writer is { } writer)
        {
            writer.Reset(0);
            s_spareWriter = writer;
            _writer = null;
        }
        var jails = ImmutableArray.CreateBuilder<JailSample>(_jails.Count);
        for (int i = 0; i < _jails.Count; i++)
        {
            jails.Add(new JailSample(_jails[i], _usage[i].Build())
            {
                Interfaces = _interfaces[i] is { } list ? [.. list] : [],
                Filesystem = _filesystems[i],
                Limits = _limits[i] is { } limits ? [.. limits] : [],
                Breaches = _breaches[i] is { } breaches ? [.. breaches] : [],
            });
        }
        return new Snapshot
        {
            Timestamp = _timestamp,
            MonotonicTimestamp = _started,
            Jails = jails.MoveToImmutable(),
            HostIpcLimits = _hostLimits.ToImmutableDictionary(),
            Collectors = [.. _statuses],
            RacctEnabled = RacctEnabled,
            Duration = Stopwatch.GetElapsedTime(_started),
        };
    }
}
