using System.Diagnostics;
using System.Runtime.Versioning;
using JailMetrics.FreeBsd.Collectors;
using JailMetrics.FreeBsd.Native;
using JailMetrics.FreeBsd.Scanning;
using JailMetrics.FreeBsd.Text;
using JailMetrics.Model;
using JailMetrics.Sampling;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace JailMetrics.FreeBsd;

/// <summary>
/// FreeBSD jails, read through the thin native layer (<see cref="IFreeBsdNative"/>): jail_get(2) lists
/// them, RACCT (rctl_get_racct) gives their usage, rctl_get_rules their limits and devd's RCTL events their breaches; without RACCT the
/// per-process table kern.proc.proc gives what it can. Row 0 is the host (named <c>host</c>), whose
/// figures are kern.proc.proc totals over every process, jailed ones included — RACCT keeps no
/// per-jail record for the host. Run inside a jail (security.jail.jailed = 1), row 0 is that jail and
/// the rows below it its child jails. One scan per sample feeds every collector.
/// </summary>
public sealed partial class FreeBsdJailSource : IJailSource
{
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly JailDiscovery _discovery;
    private readonly List<ICollector<FreeBsdScan>> _collectors =
    [
        new RacctCollector(),
        new LimitsCollector(),
        new ProcessesCollector(),
        new MemoryCollector(),
        new CpuCollector(),
        new IpcCollector(),
        new NetworkCollector(),
        new DiskCollector(),
    ];

    private RacctState? _reportedRacct;
    private bool? _reportedJailed;

    /// <param name="breaches">The RCTL breach events devd relayed (<see cref="Devd.DevdEventReader.Counts"/>); null: no breach counts.</param>
    public FreeBsdJailSource(IFreeBsdNative native, IJailNetstat netstat, ILogger<FreeBsdJailSource>? logger = null,
        TimeProvider? time = null, FreeBsdSourceOptions? options = null, Devd.BreachCounter? breaches = null)
    {
        ArgumentNullException.ThrowIfNull(native);
        ArgumentNullException.ThrowIfNull(netstat);
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _time = time ?? TimeProvider.System;
        _discovery = new JailDiscovery(native, netstat, options ?? new FreeBsdSourceOptions());
        if (breaches is not null) _collectors.Add(new BreachesCollector(breaches));
    }

    /// <summary>The source for this machine: libc.so.7 through <see cref="LibcFreeBsdNative"/>, VNET interfaces through jexec netstat.</summary>
    [SupportedOSPlatform("freebsd")]
    public static FreeBsdJailSource ForThisMachine(ILoggerFactory? loggerFactory = null, FreeBsdSourceOptions? options = null,
        JexecNetstatOptions? netstatOptions = null, Devd.BreachCounter? breaches = null)
    {
        loggerFactory ??= NullLoggerFactory.Instance;
        return new FreeBsdJailSource(
            new LibcFreeBsdNative(),
            new JexecNetstat(netstatOptions ?? new JexecNetstatOptions(), loggerFactory.CreateLogger<JexecNetstat>()),
            loggerFactory.CreateLogger<FreeBsdJailSource>(),
            TimeProvider.System,
            options,
            breaches);
    }

    public string Platform => "freebsd";

    /// <summary>The collectors' names, in the order they run.</summary>
    public IReadOnlyList<string> CollectorNames => [.. _collectors.Select(c => c.Name)];

    public Snapshot Sample(CancellationToken cancellationToken)
    {
        long start = Stopwatch.GetTimestamp();
        FreeBsdScan scan;
        try
        {
            scan = _discovery.Scan(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogDiscoveryFailed(e);
            var failed = new SnapshotBuilder([JailInfo.Host("")], _time);
            failed.AddStatus(new CollectorStatus("jails", false, Stopwatch.GetElapsedTime(start), e.Message));
            return failed.Build();
        }

        ReportEnvironment(scan);
        var builder = new SnapshotBuilder(scan.Jails, _time) { RacctEnabled = scan.RacctCoversJails };
        builder.AddStatus(new CollectorStatus("jails", true, Stopwatch.GetElapsedTime(start)));
        foreach (var collector in _collectors)
            builder.Run(collector, scan, cancellationToken);
        return builder.Build();
    }

    /// <summary>Says once — at the first sample, and again only when it changes — how RACCT stands and where we run.</summary>
    private void ReportEnvironment(FreeBsdScan scan)
    {
        if (_reportedJailed != _discovery.Jailed)
        {
            _reportedJailed = _discovery.Jailed;
            if (_discovery.Jailed) LogRunningJailed();
        }

        if (_reportedRacct != scan.Racct)
        {
            _reportedRacct = scan.Racct;
            if (scan.Racct == RacctState.Enabled) LogRacctEnabled();
            else LogRacctUnavailable(RacctStateText.Explain(scan.Racct));
        }

        foreach (var problem in _discovery.RacctProblems) LogRacctProblem(problem);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "RACCT is enabled: per-jail usage comes from rctl_get_racct")]
    private partial void LogRacctEnabled();

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Explanation} Until then jails are measured from kern.proc.proc (processes, threads, memory, CPU) and SysV listings only, and jailmetrics_racct_enabled is 0.")]
    private partial void LogRacctUnavailable(string explanation);

    [LoggerMessage(Level = LogLevel.Information, Message = "Running inside a jail (security.jail.jailed=1): monitoring its child jails; row 'host' is this jail")]
    private partial void LogRunningJailed();

    [LoggerMessage(Level = LogLevel.Warning, Message = "RACCT: {Problem}")]
    private partial void LogRacctProblem(string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Listing the jails failed")]
    private partial void LogDiscoveryFailed(Exception e);
}
