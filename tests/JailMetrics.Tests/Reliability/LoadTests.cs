using System.Collections.Concurrent;
using System.Diagnostics;
using JailMetrics.Testing;
using JailMetrics.Tests.Snmp;
using Xunit.Abstractions;

namespace JailMetrics.Tests.Reliability;

/// <summary>
/// Many SNMP walkers (net-snmp's snmpbulkwalk, each walking the whole jail table again and again)
/// and HTTP scrapers at once against the built service while it keeps sampling: every walk and
/// scrape succeeds, and the service's resident memory stays flat.
/// </summary>
public sealed class LoadTests(ITestOutputHelper output) : IDisposable
{
    // Resident memory may move by GC heap resizing and thread stacks, not grow with the request count:
    // the last third's median stays within 20 % + 16 MiB of the first third's.
    private const double RssGrowthFactor = 1.20;
    private const long RssGrowthSlackBytes = 16L << 20;

    private readonly string _stateDirectory = Directory.CreateTempSubdirectory("jailmetrics-load-").FullName;

    public void Dispose() => Directory.Delete(_stateDirectory, recursive: true);

    [Fact]
    public async Task Concurrent_walkers_and_scrapers_get_every_answer_and_memory_stays_flat()
    {
        Prerequisites.RequireRoot();
        Prerequisites.RequireCommand("snmpbulkwalk");
        int walkers = ReliabilityMode.Pick(10, 50), scrapers = ReliabilityMode.Pick(5, 20);
        var duration = TimeSpan.FromSeconds(ReliabilityMode.Pick(15, 60));
        using var sandbox = Sandbox.Start(new SandboxOptions { Processes = 2, RssBytes = 4L << 20, ShmBytes = 0 });
        using var service = await ReliabilityService.StartAsync(_stateDirectory, "1s");
        await service.ScrapeUntilAsync(s => s.Find("jail_id", sandbox.Name) is not null, $"the sandbox {sandbox.Name}");

        var walkLatencies = new ConcurrentBag<double>();
        var scrapeLatencies = new ConcurrentBag<double>();
        var errors = new ConcurrentQueue<string>();
        var rss = new List<long>();
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource(duration);

        // Each walker blocks a thread while its snmpbulkwalk runs: on threads of their own, so that the
        // thread pool, which the scrapers and the output readers need, is not starved by this test itself.
        ThreadPool.GetMinThreads(out int workerThreads, out int ioThreads);
        ThreadPool.SetMinThreads(Math.Max(workerThreads, scrapers + 16), ioThreads);
        var tasks = new List<Task>();
        for (int i = 0; i < walkers; i++)
        {
            tasks.Add(Task.Factory.StartNew(() => WalkUntil(service, sandbox.Name, stop.Token, walkLatencies, errors),
                CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default));
        }
        for (int i = 0; i < scrapers; i++) tasks.Add(ScrapeUntil(service, sandbox.Name, stop.Token, scrapeLatencies, errors));
        while (!stop.IsCancellationRequested)
        {
            rss.Add(service.ResidentBytes());
            await Task.Delay(250);
        }
        await Task.WhenAll(tasks);
        clock.Stop();

        int third = rss.Count / 3;
        long firstThird = Median(rss.Take(third)), lastThird = Median(rss.Skip(rss.Count - third));
        output.WriteLine($"mode {ReliabilityMode.Name}: {walkers} walkers, {scrapers} scrapers, {clock.Elapsed.TotalSeconds:F1} s");
        output.WriteLine($"walks:   {walkLatencies.Count} ok, p50 {Percentile(walkLatencies, 50):F1} ms, p99 {Percentile(walkLatencies, 99):F1} ms (snmpbulkwalk process, start to exit)");
        output.WriteLine($"scrapes: {scrapeLatencies.Count} ok, p50 {Percentile(scrapeLatencies, 50):F1} ms, p99 {Percentile(scrapeLatencies, 99):F1} ms");
        output.WriteLine($"errors:  {errors.Count}");
        output.WriteLine($"VmRSS median first third {firstThird >> 20} MiB, last third {lastThird >> 20} MiB, max {rss.Max() >> 20} MiB ({rss.Count} samples)");

        Assert.True(errors.IsEmpty, $"{errors.Count} failed requests, first: {errors.FirstOrDefault()}");
        Assert.True(walkLatencies.Count >= walkers && scrapeLatencies.Count >= scrapers, "some clients never completed a request");
        Assert.True(lastThird <= firstThird * RssGrowthFactor + RssGrowthSlackBytes,
            $"resident memory grew from {firstThird >> 20} MiB to {lastThird >> 20} MiB under load");
        Assert.Empty(service.FailureLines());
        Assert.False(service.Process.HasExited);
    }

    private static void WalkUntil(ReliabilityService service, string jail, CancellationToken stop, ConcurrentBag<double> latencies, ConcurrentQueue<string> errors)
    {
        while (!stop.IsCancellationRequested)
        {
            var clock = Stopwatch.StartNew();
            // No retries: a lost or late answer (-t 5) is an error, not something to paper over.
            ToolResult walk = service.Snmp.Run("snmpbulkwalk", ["-v2c", "-c", "public", "-On", "-Oq", "-t", "5", "-r", "0", "-Cr25"], ".1.3.6.1.4.1.32473.1.2.3");
            double milliseconds = clock.Elapsed.TotalMilliseconds;
            if (walk.ExitCode != 0 || walk.Stderr.Length > 0 || !walk.Stdout.Contains($"\"{jail}\"", StringComparison.Ordinal)) errors.Enqueue(walk.ToString());
            else latencies.Add(milliseconds);
        }
    }

    private static async Task ScrapeUntil(ReliabilityService service, string jail, CancellationToken stop, ConcurrentBag<double> latencies, ConcurrentQueue<string> errors)
    {
        while (!stop.IsCancellationRequested)
        {
            var clock = Stopwatch.StartNew();
            try
            {
                string text = await service.Http.GetStringAsync(service.MetricsUrl, CancellationToken.None);
                double milliseconds = clock.Elapsed.TotalMilliseconds;
                if (!text.Contains($"jail_id{{name=\"{jail}\"}}", StringComparison.Ordinal)) errors.Enqueue($"scrape without the sandbox:\n{text}");
                else latencies.Add(milliseconds);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                errors.Enqueue($"scrape failed: {e.Message}");
            }
        }
    }

    private static long Median(IEnumerable<long> values)
    {
        long[] sorted = [.. values.Order()];
        return sorted.Length == 0 ? 0 : sorted[sorted.Length / 2];
    }

    private static double Percentile(IEnumerable<double> values, int percent)
    {
        double[] sorted = [.. values.Order()];
        return sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(percent / 100.0 * sorted.Length) - 1)];
    }
}
