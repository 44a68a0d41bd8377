using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

if (args is ["sample", var procRoot, var sysRoot, var warmup, var timed, .. var more] && more.Length <= 1)
    return SampleTiming.Run(procRoot, sysRoot, int.Parse(warmup, System.Globalization.CultureInfo.InvariantCulture),
        int.Parse(timed, System.Globalization.CultureInfo.InvariantCulture),
        more.Length == 1 ? int.Parse(more[0], System.Globalization.CultureInfo.InvariantCulture) : new JailMetrics.Sampling.SamplerOptions().SlowEvery);
if (args is ["expose", var exposeProcRoot, var exposeSysRoot, var exposeWarmup, var exposeTimed])
    return ExposeTiming.Run(exposeProcRoot, exposeSysRoot, int.Parse(exposeWarmup, System.Globalization.CultureInfo.InvariantCulture),
        int.Parse(exposeTimed, System.Globalization.CultureInfo.InvariantCulture));
if (args is ["alloc", var allocProcRoot, var allocSysRoot, var allocWarmup, var allocTimed, .. var allocMore] && allocMore.Length <= 1)
    return SampleAllocations.Run(allocProcRoot, allocSysRoot, int.Parse(allocWarmup, System.Globalization.CultureInfo.InvariantCulture),
        int.Parse(allocTimed, System.Globalization.CultureInfo.InvariantCulture),
        allocMore.Length == 1 ? int.Parse(allocMore[0], System.Globalization.CultureInfo.InvariantCulture) : new JailMetrics.Sampling.SamplerOptions().SlowEvery);
if (args is ["retained", var retainedProcRoot, var retainedSysRoot])
    return RetainedSizes.Run(retainedProcRoot, retainedSysRoot);

// In process: BenchmarkDotNet's default out-of-process build scans the repository, whose test fixtures hold
// unreadable /proc-like trees (the same reason as bench/SnmpDispatch). JM_BENCH_JOB=short: 3 iterations.
var job = Environment.GetEnvironmentVariable("JM_BENCH_JOB") == "short" ? Job.ShortRun : Job.Default;
BenchmarkSwitcher.FromAssembly(typeof(BerBenchmarks).Assembly).Run(args,
    ManualConfig.Create(DefaultConfig.Instance).AddJob(job.WithToolchain(InProcessEmitToolchain.Instance)));
return 0;
