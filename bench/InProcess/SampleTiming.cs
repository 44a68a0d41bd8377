using System.Diagnostics;
using System.Globalization;
using JailMetrics.Linux;

/// <summary>
/// The service's sampling timed inside one warm process: the Linux source built as the service builds it
/// (<see cref="LinuxJailSource"/> over --path.procfs/--path.sysfs), <c>warmup</c> untimed samples so the
/// JIT has tiered up and the page cache is warm, then <c>timed</c> samples, each timed alone. .NET
/// startup and first-call compilation are outside every timed sample. Prints one line per timed sample:
/// "wall-µs cpu-µs allocated-bytes jails", CPU being the whole process's (getrusage(RUSAGE_SELF) through
/// <see cref="Process.TotalProcessorTime"/>), so GC and any helper thread are charged too.
/// Between the warm-up and the timed samples it tries to open <c>PROC/.jm-steady-state</c> (which does
/// not exist): under strace that marks where the steady-state samples begin, whose file operations
/// bench/floor/ops-from-strace.py takes (the first sample reads more: per-process facts are kept).
/// <c>slowEvery</c> is the source's <see cref="LinuxJailSource.FullSampleEvery"/>: the service's default
/// (Sampling:SlowInterval 1m / Sampling:Interval 10s = 6) unless given; 1 makes every sample a full one.
/// The last lines (stderr) also give the mean CPU of the timed samples, which spreads the full samples' cost,
/// and the garbage collections (per generation) and GC pause time during them.
/// </summary>
internal static class SampleTiming
{
    private const string SteadyStateMarker = ".jm-steady-state";

    public static int Run(string procRoot, string sysRoot, int warmup, int timed, int slowEvery)
    {
        using var source = new LinuxJailSource(new LinuxSourceOptions { ProcRoot = procRoot, SysRoot = sysRoot }) { FullSampleEvery = slowEvery };
        double cpuSum = 0;
        int jails = 0;
        for (int i = 0; i < warmup; i++) jails = source.Sample(CancellationToken.None).Jails.Length;
        try { File.OpenHandle(Path.Combine(procRoot, SteadyStateMarker)).Dispose(); }
        catch (IOException) { } // the marker is an open that fails, seen only by strace
        var process = Process.GetCurrentProcess();
        int gen0 = GC.CollectionCount(0), gen1 = GC.CollectionCount(1), gen2 = GC.CollectionCount(2);
        var pause = GC.GetTotalPauseDuration();
        for (int i = 0; i < timed; i++)
        {
            process.Refresh();
            var cpu0 = process.TotalProcessorTime;
            long bytes0 = GC.GetTotalAllocatedBytes(precise: true);
            long t0 = Stopwatch.GetTimestamp();
            var snapshot = source.Sample(CancellationToken.None);
            var wall = Stopwatch.GetElapsedTime(t0);
            long bytes = GC.GetTotalAllocatedBytes(precise: true) - bytes0;
            process.Refresh();
            var cpu = process.TotalProcessorTime - cpu0;
            cpuSum += cpu.TotalMicroseconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{wall.TotalMicroseconds:F0} {cpu.TotalMicroseconds:F0} {bytes} {snapshot.Jails.Length}"));
            GC.KeepAlive(jails);
            if (i == timed - 1)
            {
                Console.Error.WriteLine("collectors of the last sample (ms): " + string.Join(", ",
                    snapshot.Collectors.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Name} {c.Duration.TotalMilliseconds:F1}"))));
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"full sample every {slowEvery}; mean CPU of the {timed} timed samples {cpuSum / timed:F0} µs; fds kept {source.KeptFileCount}"));
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"GCs during the timed samples: gen0 {GC.CollectionCount(0) - gen0}, gen1 {GC.CollectionCount(1) - gen1}, gen2 {GC.CollectionCount(2) - gen2}; paused {(GC.GetTotalPauseDuration() - pause).TotalMilliseconds:F1} ms"));
            }
        }
        return 0;
    }
}
