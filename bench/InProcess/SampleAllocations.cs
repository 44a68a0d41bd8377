using System.Globalization;
using System.Runtime.InteropServices;
using JailMetrics.Linux;
using JailMetrics.Linux.Namespaces;
using JailMetrics.Linux.Native;
using JailMetrics.Linux.Scanning;
using JailMetrics.Model;
using JailMetrics.Sampling;
using JailMetrics.Store;

/// <summary>
/// Where a sample's allocations and CPU go (issue 8: every byte a sample allocates costs GC time and
/// heap growth): the steps of <see cref="LinuxJailSource.Sample"/> (the /proc scan, jail discovery,
/// each collector, building the snapshot) and the store's publish (rates), each measured alone with
/// <see cref="GC.GetAllocatedBytesForCurrentThread"/> and the thread's CPU clock
/// (clock_gettime(CLOCK_THREAD_CPUTIME_ID)). The steps are run as LinuxJailSource runs them, over the same
/// objects (KeptFiles, SlowFacts, LiveNamespaceReader); the IPC collector's namespace visits run on the
/// reader's own thread, whose allocations are not counted here. <c>warmup</c> samples first, then
/// <c>timed</c> ones; a sample is full every <c>slowEvery</c> (the service's default 6). Prints, per step,
/// the mean bytes and CPU µs of the samples between full ones and of the full ones:
///   dotnet bench/InProcess/bin/Release/net10.0/InProcess.dll alloc PROC SYS 12 24 [SLOWEVERY]
/// </summary>
internal static class SampleAllocations
{
    private const string Publish = "store publish (rates)";

    public static int Run(string procRoot, string sysRoot, int warmup, int timed, int slowEvery)
    {
        var options = new LinuxSourceOptions { ProcRoot = procRoot, SysRoot = sysRoot };
        using var kept = new KeptFiles(KeptFiles.DefaultCapacity());
        using var scanner = new ProcScanner(procRoot, kept);
        using var namespaces = new LiveNamespaceReader(procRoot);
        var filesystems = new LiveFilesystemStats();
        var slow = new SlowFacts();
        var collectors = LinuxJailSource.NewCollectors();
        var store = new SnapshotStore([]);
        var steps = new List<string>();
        var between = new Dictionary<string, (long Bytes, long CpuNs, int N)>();
        var fulls = new Dictionary<string, (long Bytes, long CpuNs, int N)>();

        for (int i = 0; i < warmup + timed; i++)
        {
            bool full = i % slowEvery == 0;
            var totals = full ? fulls : between;
            long bytes = GC.GetAllocatedBytesForCurrentThread(), cpu = ThreadCpuNs();
            void Step(string name)
            {
                long b = GC.GetAllocatedBytesForCurrentThread(), c = ThreadCpuNs();
                if (i >= warmup)
                {
                    if (!steps.Contains(name)) steps.Add(name);
                    var t = totals.GetValueOrDefault(name);
                    totals[name] = (t.Bytes + b - bytes, t.CpuNs + c - cpu, t.N + 1);
                }
                bytes = GC.GetAllocatedBytesForCurrentThread();
                cpu = ThreadCpuNs();
            }

            kept.BeginSample(full);
            slow.Begin(full);
            var table = scanner.Scan(CancellationToken.None, full);
            Step("proc scan");
            var scan = JailDiscovery.Discover(table, options, scanner.ProcRoot, namespaces, filesystems, DateTimeOffset.UtcNow,
                CancellationToken.None, slow, kept);
            Step("jail discovery");
            var builder = new SnapshotBuilder(scan.Jails);
            builder.AddStatus(new CollectorStatus("jails", true, TimeSpan.Zero));
            Step("snapshot builder");
            foreach (var collector in collectors)
            {
                var status = builder.Run(collector, scan, CancellationToken.None);
                if (!status.Success) throw new InvalidOperationException($"{collector.Name}: {status.Error}");
                Step("collector " + collector.Name);
            }
            var snapshot = builder.Build();
            Step("snapshot build");
            kept.EndSample();
            Step("kept files end");
            store.Publish(snapshot);
            Step(Publish);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"step\tbytes (between)\tCPU µs (between)\tbytes (full)\tCPU µs (full)  [{timed} samples, full every {slowEvery}]"));
        long sumB = 0, sumF = 0, sumCB = 0, sumCF = 0;
        foreach (var name in steps)
        {
            var b = between.GetValueOrDefault(name, (0, 0, 1));
            var f = fulls.GetValueOrDefault(name, (0, 0, 1));
            long bb = b.Bytes / Math.Max(1, b.N), fb = f.Bytes / Math.Max(1, f.N);
            long bc = b.CpuNs / Math.Max(1, b.N) / 1000, fc = f.CpuNs / Math.Max(1, f.N) / 1000;
            sumB += bb; sumF += fb; sumCB += bc; sumCF += fc;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}\t{bb}\t{bc}\t{fb}\t{fc}"));
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"total\t{sumB}\t{sumCB}\t{sumF}\t{sumCF}"));
        return 0;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    private const int ClockThreadCpuTimeId = 3; // CLOCK_THREAD_CPUTIME_ID, linux/time.h

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out Timespec time);

    private static long ThreadCpuNs() => ClockGetTime(ClockThreadCpuTimeId, out var t) == 0 ? t.Seconds * 1_000_000_000 + t.Nanoseconds : 0;
}
