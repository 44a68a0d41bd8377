using System.Diagnostics;
using System.Globalization;
using JailMetrics.Linux;
using JailMetrics.Service.Prometheus;
using Prometheus;

/// <summary>
/// A scrape's cost in CPU time and allocation, which a loaded machine does not distort as it does wall
/// time: one sample of the tree (the Linux source over --path.procfs/--path.sysfs) published to a
/// <see cref="PrometheusView"/>, <c>warmup</c> untimed rounds, then <c>timed</c> rounds of a publish
/// (<see cref="PrometheusView.OnSnapshot"/>) and a scrape (<see cref="PrometheusView.ExportAsync"/> in the
/// text format into a reused stream), each measured alone. Prints one line per round:
/// "publish-cpu-µs publish-bytes scrape-cpu-µs scrape-bytes scrape-length", CPU being the whole process's
/// (getrusage(RUSAGE_SELF) through <see cref="Process.TotalProcessorTime"/>), so GC is charged too.
/// </summary>
internal static class ExposeTiming
{
    public static int Run(string procRoot, string sysRoot, int warmup, int timed)
    {
        using var source = new LinuxJailSource(new LinuxSourceOptions { ProcRoot = procRoot, SysRoot = sysRoot });
        var snapshot = source.Sample(CancellationToken.None);
        var view = new PrometheusView(Metrics.NewCustomRegistry(), BuildInfo.Current);
        using var buffer = new MemoryStream(8 << 20);
        var process = Process.GetCurrentProcess();
        for (int i = 0; i < warmup + timed; i++)
        {
            var (publishCpu, publishBytes) = Measure(process, () => view.OnSnapshot(snapshot));
            var (scrapeCpu, scrapeBytes) = Measure(process, () =>
            {
                buffer.Position = 0;
                buffer.SetLength(0);
                view.ExportAsync(buffer, ExpositionFormat.PrometheusText).GetAwaiter().GetResult();
            });
            if (i >= warmup)
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{publishCpu.TotalMicroseconds:F0} {publishBytes} {scrapeCpu.TotalMicroseconds:F0} {scrapeBytes} {buffer.Length}"));
        }
        return 0;
    }

    private static (TimeSpan Cpu, long Bytes) Measure(Process process, Action action)
    {
        process.Refresh();
        var cpu0 = process.TotalProcessorTime;
        long bytes0 = GC.GetTotalAllocatedBytes(precise: true);
        action();
        long bytes = GC.GetTotalAllocatedBytes(precise: true) - bytes0;
        process.Refresh();
        return (process.TotalProcessorTime - cpu0, bytes);
    }
}
