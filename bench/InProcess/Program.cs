using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

if (args is ["sample", var procRoot, var sysRoot, var warmup, var timed])
    return SampleTiming.Run(procRoot, sysRoot, int.Parse(warmup, System.Globalization.CultureInfo.InvariantCulture),
        int.Parse(timed, System.Globalization.CultureInfo.InvariantCulture));

// In process: BenchmarkDotNet's default out-of-process build scans the repository, whose test fixtures hold
// unreadable /proc-like trees (the same reason as bench/SnmpDispatch).
BenchmarkSwitcher.FromAssembly(typeof(BerBenchmarks).Assembly).Run(args,
    ManualConfig.Create(DefaultConfig.Instance).AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance)));
return 0;
