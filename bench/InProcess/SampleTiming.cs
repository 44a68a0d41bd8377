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
/// </summary>
internal static class SampleTiming
{
    public static int Run(string procRoot, string sysRoot, int warmup, int timed)
    {
        using var source = new LinuxJailSource(new LinuxSourceOptions { ProcRoot = procRoot, SysRoot = sysRoot });
        int jails = 0;
        for (int i = 0; i < warmup; i++) jails = source.Sample(CancellationToken.None).Jails.Length;
        var process = Process.GetCurrentProcess();
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
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{wall.TotalMicroseconds:F0} {cpu.TotalMicroseconds:F0} {bytes} {snapshot.Jails.Length}"));
            GC.KeepAlive(jails);
            if (i == timed - 1)
                Console.Error.WriteLine("collectors of the last sample (ms): " + string.Join(", ",
                    snapshot.Collectors.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Name} {c.Duration.TotalMilliseconds:F1}"))));
        }
        return 0;
    }
}
