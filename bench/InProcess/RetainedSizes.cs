using JailMetrics.Linux;
using JailMetrics.Sampling;
using JailMetrics.Service.Prometheus;
using JailMetrics.Service.Snmp;
using JailMetrics.State;
using JailMetrics.Store;
using Microsoft.Extensions.Options;

/// <summary>
/// What the service keeps between samples, in live bytes of the managed heap after a full compacting
/// collection (issue 8, resident memory): the source's caches with one sample, one more sample, and the
/// SNMP MIB view built from a sample with the index its first Get makes. The wiring is the service's
/// (LinuxJailSource, SnapshotStore, JailIndexRegistry then SnmpMibBinding). Prints "what\tMiB" lines:
///   dotnet bench/InProcess/bin/Release/net10.0/InProcess.dll retained PROC SYS
/// </summary>
internal static class RetainedSizes
{
    public static int Run(string procRoot, string sysRoot)
    {
        string state = Directory.CreateTempSubdirectory("jm-retained-").FullName;
        try
        {
            long baseline = Live();
            using var source = new LinuxJailSource(new LinuxSourceOptions { ProcRoot = procRoot, SysRoot = sysRoot });
            var store = new SnapshotStore([]);
            store.Publish(source.Sample(CancellationToken.None));
            long oneSample = Live();
            var held = store.Latest;
            store.Publish(source.Sample(CancellationToken.None));
            long twoSamples = Live();
            GC.KeepAlive(held);

            var registry = new JailIndexRegistry(state);
            registry.OnSnapshot(store.Latest);
            var binding = new SnmpMibBinding(registry, new AgentUptime(TimeProvider.System),
                Options.Create(new SamplerOptions()), new BuildInfo("0", "0", "0", "0"));
            binding.OnSnapshot(store.Latest);
            long beforeView = Live();
            var view = binding.Current;
            long withView = Live();
            view.Get(view.Entries.First().Key); // the first Get makes the index
            long withIndex = Live();

            Report("baseline (runtime, before the source)", baseline);
            Report("source caches + 1 sample", oneSample - baseline);
            Report("one more sample held", twoSamples - oneSample);
            Report($"MIB view ({view.Count} instances)", withView - beforeView);
            Report("MIB view's Get index", withIndex - withView);
            GC.KeepAlive(view);
            GC.KeepAlive(binding);
            GC.KeepAlive(source);
            return 0;
        }
        finally
        {
            Directory.Delete(state, recursive: true);
        }
    }

    private static long Live()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: false);
    }

    private static void Report(string what, long bytes) =>
        Console.WriteLine(FormattableString.Invariant($"{what}\t{bytes / 1024.0 / 1024.0:F2} MiB"));
}
