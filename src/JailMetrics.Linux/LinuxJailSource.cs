using System.Diagnostics;
using JailMetrics.Linux.Collectors;
using JailMetrics.Linux.Namespaces;
using JailMetrics.Linux.Native;
using JailMetrics.Linux.Scanning;
using JailMetrics.Model;
using JailMetrics.Sampling;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace JailMetrics.Linux;

/// <summary>
/// Linux containers as jails: every PID namespace other than the host's is a jail (a nested one is a
/// child jail), the host is jail 0 named <c>host</c>. One pass over /proc per sample feeds every
/// collector (processes, memory, cpu, files, ipc, io, network, disk, breaches); cgroups (v2, v1 or hybrid)
/// name the jails and give CPU and I/O where a jail owns its cgroup.
/// </summary>
public sealed partial class LinuxJailSource : IJailSource, IDisposable
{
    private readonly LinuxSourceOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly INamespaceReader _namespaces;
    private readonly IFilesystemStats _filesystems;
    private readonly IDisposable? _ownedReader;
    private readonly ProcScanner _scanner;
    private readonly KeptFiles _kept;
    private readonly SlowFacts _slow = new();
    private long _samples;
    private readonly ICollector<LinuxScan>[] _collectors = NewCollectors();

    /// <summary>The collectors, in the order a sample runs them (bench/InProcess measures each of them).</summary>
    internal static ICollector<LinuxScan>[] NewCollectors() =>
    [
        new ProcessesCollector(),
        new MemoryCollector(),
        new CpuCollector(),
        new FilesCollector(),
        new IpcCollector(),
        new IoCollector(),
        new NetworkCollector(),
        new DiskCollector(),
        new BreachesCollector(),
    ];

    /// <summary>The live source: reads the kernel through <see cref="LinuxSourceOptions.ProcRoot"/> and <see cref="LinuxSourceOptions.SysRoot"/>, entering namespaces with setns(2).</summary>
    public LinuxJailSource(LinuxSourceOptions options, ILogger<LinuxJailSource>? logger = null)
        : this(options, new LiveNamespaceReader(options.ProcRoot), new LiveFilesystemStats(), logger, null)
    {
        _ownedReader = (IDisposable)_namespaces;
    }

    /// <summary>A source with its namespace and statfs access replaced (fixture trees: <see cref="DirectoryNamespaceReader"/>, <see cref="DirectoryFilesystemStats"/>).</summary>
    public LinuxJailSource(LinuxSourceOptions options, INamespaceReader namespaces, IFilesystemStats filesystems,
        ILogger? logger = null, TimeProvider? time = null)
    {
        _options = options;
        _logger = logger ?? NullLogger.Instance;
        _time = time ?? TimeProvider.System;
        _namespaces = namespaces;
        _filesystems = filesystems;
        _kept = new KeptFiles(options.MaxKeptFiles ?? KeptFiles.DefaultCapacity());
        _scanner = new ProcScanner(options.ProcRoot, _kept);
    }

    /// <summary>
    /// Every how many samples the slow facts are read afresh for every jail: addresses, root link,
    /// hostname, root filesystem usage, and each process's cgroup and ipc/net/uts namespaces (see
    /// <see cref="SlowFacts"/>). 1 (the default) reads everything every sample; the service sets
    /// <c>Sampling:SlowInterval / Sampling:Interval</c>. A new jail is always read fully on its first sample.
    /// </summary>
    public int FullSampleEvery
    {
        get;
        set => field = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "at least 1");
    } = 1;

    /// <summary>The fds kept open between samples now (for tests: they must not grow with churn).</summary>
    public int KeptFileCount => _kept.OpenCount;

    public string Platform => "linux";

    public LinuxSourceOptions Options => _options;

    /// <summary>The collectors' names, in the order they run.</summary>
    public IReadOnlyList<string> CollectorNames => [.. _collectors.Select(c => c.Name)];

    public Snapshot Sample(CancellationToken cancellationToken)
    {
        long start = Stopwatch.GetTimestamp();
        bool full = _samples++ % FullSampleEvery == 0;
        _kept.BeginSample(full);
        _slow.Begin(full);
        try
        {
            return Sample(full, start, cancellationToken);
        }
        finally
        {
            _kept.EndSample();
        }
    }

    private Snapshot Sample(bool full, long start, CancellationToken cancellationToken)
    {
        LinuxScan scan;
        try
        {
            var table = _scanner.Scan(cancellationToken, full);
            scan = JailDiscovery.Discover(table, _options, _scanner.ProcRoot, _namespaces, _filesystems, _time.GetUtcNow(), cancellationToken,
                _slow, _kept);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogDiscoveryFailed(e, _options.ProcRoot);
            var failed = new SnapshotBuilder([JailInfo.Host(Environment.MachineName)], _time);
            failed.AddStatus(new CollectorStatus("jails", false, Stopwatch.GetElapsedTime(start), e.Message));
            return failed.Build();
        }

        var builder = new SnapshotBuilder(scan.Jails, _time);
        builder.AddStatus(new CollectorStatus("jails", true, Stopwatch.GetElapsedTime(start)));
        foreach (var collector in _collectors)
            builder.Run(collector, scan, cancellationToken);
        return builder.Build();
    }

    public void Dispose()
    {
        _scanner.Dispose();
        _kept.Dispose();
        _ownedReader?.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Finding the jails under {ProcRoot} failed")]
    private partial void LogDiscoveryFailed(Exception e, string procRoot);
}
