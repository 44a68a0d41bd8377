using System.Net;
using JailMetrics.Model;
using JailMetrics.Service.Prometheus;
using JailMetrics.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Prometheus;
using static JailMetrics.Tests.Support.Snapshots;

namespace JailMetrics.Tests.Prometheus;

/// <summary>
/// One scrape shows one sample: while the sampler rewrites the view as fast as it can, every
/// scrape of the /metrics endpoint, over HTTP from a server that maps it as the service does,
/// shows the values and the jail set of exactly one sample, never a mix of two.
/// </summary>
public sealed class ScrapeConsistencyTests
{
    private const int ScrapesPerReader = 300;
    private const int Readers = 2;

    // Each sample is tagged: every value of every jail is the sample's number, and each has its own jails.
    private static readonly Dictionary<int, string[]> JailsOf = new()
    {
        [1] = ["one-a", "one-b", "one-c"],
        [2] = ["two-a", "two-b"],
    };

    private static readonly string[] TaggedFamilies = ["jail_memoryuse_bytes", "jail_cputime_seconds_total", "jail_pcpu_used", "jail_maxproc"];

    [Fact]
    public async Task Every_scrape_shows_exactly_one_sample_while_the_view_is_rewritten()
    {
        var registry = Metrics.NewCustomRegistry();
        var view = new PrometheusView(registry, new BuildInfo("1.2.3", "abc123", ".NET 10.0.0", "linux-x64"));
        var samples = JailsOf.ToDictionary(pair => pair.Key, pair => TaggedSnapshot(pair.Key, pair.Value));
        var (server, url) = await ServeAsync(registry, view);
        await using var _ = server;
        using var http = new HttpClient();
        view.OnSnapshot(samples[1]);

        using var stop = new CancellationTokenSource();
        var writer = Task.Factory.StartNew(() =>
        {
            for (int i = 0; !stop.IsCancellationRequested; i++) view.OnSnapshot(samples[1 + i % 2]);
        }, TaskCreationOptions.LongRunning);

        var mixed = new List<string>();
        var seen = new HashSet<int>();
        bool SeenBoth()
        {
            lock (mixed) return seen.Count == JailsOf.Count;
        }
        var readers = Enumerable.Range(0, Readers).Select(_ => Task.Run(async () =>
        {
            // At least ScrapesPerReader each, and on until both samples were seen (a loaded machine may
            // let the writer fall behind), within a bound.
            for (int i = 0; i < ScrapesPerReader || (SeenBoth() is false && i < 20 * ScrapesPerReader); i++)
            {
                var scrape = Exposition.Parse(await http.GetStringAsync(url));
                var problem = Inconsistency(scrape, out int sample);
                lock (mixed)
                {
                    if (problem is not null) mixed.Add(problem);
                    else seen.Add(sample);
                }
            }
        })).ToArray();
        try
        {
            await Task.WhenAll(readers);
        }
        finally
        {
            stop.Cancel();
            await writer;
        }

        Assert.True(mixed.Count == 0, $"{mixed.Count} scrapes mixed two samples, e.g. {mixed.FirstOrDefault()}");
        // The race was really run: scrapes saw both samples, so the view changed under them.
        Assert.Equal([1, 2], seen.Order());
    }

    /// <summary>Why the scrape is not one sample, or null when it is (<paramref name="sample"/> tells which).</summary>
    private static string? Inconsistency(Exposition scrape, out int sample)
    {
        sample = 0;
        var tags = TaggedFamilies.SelectMany(scrape.Of).Select(s => (int)s.Value).Distinct().ToList();
        if (tags.Count != 1) return $"values of samples {string.Join(", ", tags)} side by side";
        sample = tags[0];
        if (!JailsOf.TryGetValue(sample, out var expected)) return $"unknown sample {sample}";
        var names = scrape.Samples.Select(s => s["name"]).OfType<string>().Distinct().Order().ToList();
        if (!names.SequenceEqual(expected)) return $"sample {sample} with jails {string.Join(", ", names)}";
        foreach (var family in TaggedFamilies)
        {
            var jails = scrape.Of(family).Select(s => s["name"]).Order().ToList();
            if (!jails.SequenceEqual(expected)) return $"sample {sample}: {family} has jails {string.Join(", ", jails)}";
        }
        double? count = scrape.Of("jail_num").SingleOrDefault()?.Value;
        if (count != expected.Length) return $"sample {sample}: jail_num {count}";
        return null;
    }

    private static Snapshot TaggedSnapshot(int sample, string[] jails) =>
        Of([.. jails.Select((name, i) => Sample(Jail(name, 100 * sample + i),
            Usage((Resource.MemoryUse, sample), (Resource.CpuTime, sample), (Resource.Pcpu, sample), (Resource.MaxProc, sample))))]);

    /// <summary>An HTTP server with the metrics endpoint mapped as ServiceHost maps it.</summary>
    private static async Task<(WebApplication Server, string Url)> ServeAsync(CollectorRegistry registry, PrometheusView view)
    {
        int port = ServiceProcess.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        var server = builder.Build();
        BufferedScrape.Map(server, "/metrics", registry, view.Gate);
        await server.StartAsync();
        return (server, $"http://127.0.0.1:{port}/metrics");
    }
}
