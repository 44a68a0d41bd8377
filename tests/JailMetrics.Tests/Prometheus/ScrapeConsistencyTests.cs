using System.Text;
using JailMetrics.Model;
using JailMetrics.Service.Prometheus;
using JailMetrics.Tests.Support;
using Microsoft.AspNetCore.Http;
using Prometheus;
using static JailMetrics.Tests.Support.Snapshots;

namespace JailMetrics.Tests.Prometheus;

/// <summary>
/// One scrape shows one sample: while the sampler rewrites the view as fast as it can, every
/// scrape served by the /metrics endpoint's request pipeline (prometheus-net's middleware behind
/// our gate) shows the values and the jail set of exactly one sample, never a mix of two.
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
        var endpoint = MetricsEndpoint(registry, view);
        view.OnSnapshot(samples[1]);

        using var stop = new CancellationTokenSource();
        var writer = Task.Factory.StartNew(() =>
        {
            for (int i = 0; !stop.IsCancellationRequested; i++) view.OnSnapshot(samples[1 + i % 2]);
        }, TaskCreationOptions.LongRunning);

        var mixed = new List<string>();
        var seen = new HashSet<int>();
        var readers = Enumerable.Range(0, Readers).Select(_ => Task.Run(async () =>
        {
            for (int i = 0; i < ScrapesPerReader; i++)
            {
                var scrape = Exposition.Parse(await ScrapeAsync(endpoint));
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

        Assert.True(mixed.Count == 0, $"{mixed.Count} of {Readers * ScrapesPerReader} scrapes mixed two samples, e.g. {mixed.FirstOrDefault()}");
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

    /// <summary>The request pipeline ServiceHost maps on the telemetry path (MapMetrics wrapped in <see cref="BufferedScrape"/>).</summary>
    private static RequestDelegate MetricsEndpoint(CollectorRegistry registry, PrometheusView view)
    {
        var middleware = new MetricServerMiddleware(_ => Task.CompletedTask, new MetricServerMiddleware.Settings { Registry = registry });
        return BufferedScrape.Around(middleware.Invoke, view.Gate);
    }

    private static async Task<string> ScrapeAsync(RequestDelegate endpoint)
    {
        var context = new DefaultHttpContext();
        using var body = new MemoryStream();
        context.Response.Body = body;
        await endpoint(context);
        Assert.Equal(StatusCodes.Status200OK, context.Response.StatusCode);
        return Encoding.UTF8.GetString(body.ToArray());
    }
}
