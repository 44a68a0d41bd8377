using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using JailMetrics.Service.Prometheus;
using Prometheus;

namespace JailMetrics.Tests.Support;

/// <summary>One sample line of an exposition: metric name, labels, value.</summary>
public sealed record Series(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
{
    public string? this[string label] => Labels.TryGetValue(label, out var v) ? v : null;
}

/// <summary>A parsed Prometheus text exposition, to assert on families, types and series.</summary>
public sealed partial class Exposition
{
    private Exposition(string text)
    {
        Text = text;
        foreach (string line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                string[] parts = line.Split(' ');
                Types[parts[2]] = parts[3];
            }
            else if (line.StartsWith("# HELP ", StringComparison.Ordinal))
            {
                string rest = line["# HELP ".Length..];
                int space = rest.IndexOf(' ', StringComparison.Ordinal);
                Helps[rest[..space]] = rest[(space + 1)..];
            }
            else if (!line.StartsWith('#'))
            {
                var match = SampleLine().Match(line);
                Assert.True(match.Success, $"unparsable exposition line: {line}");
                var labels = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (Match label in LabelPair().Matches(match.Groups["labels"].Value))
                    labels[label.Groups["name"].Value] = Regex.Unescape(label.Groups["value"].Value);
                Samples.Add(new Series(match.Groups["name"].Value, labels, double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture)));
            }
        }
    }

    public string Text { get; }

    /// <summary>Family name → its TYPE.</summary>
    public Dictionary<string, string> Types { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, string> Helps { get; } = new(StringComparer.Ordinal);

    public List<Series> Samples { get; } = [];

    /// <summary>What the metrics endpoint serves, in the text format: the view's latest sample and its registry.</summary>
    /// <summary>
    /// Scrapes <paramref name="url"/> every 250 ms until <paramref name="done"/> holds, and fails the test
    /// with the last page if it does not within <paramref name="patience"/>.
    /// </summary>
    public static async Task<Exposition> ScrapeUntilAsync(HttpClient http, string url, Func<Exposition, bool> done, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        Exposition scrape;
        do
        {
            scrape = Parse(await http.GetStringAsync(url));
            if (done(scrape)) return scrape;
            await Task.Delay(250);
        }
        while (DateTime.UtcNow < deadline);
        Xunit.Assert.Fail($"the scrape never reached the expected state within {patience}:\n{scrape.Text}");
        return scrape;
    }

    public static async Task<Exposition> ScrapeAsync(PrometheusView view)
    {
        using var stream = new MemoryStream();
        await view.ExportAsync(stream, ExpositionFormat.PrometheusText);
        return Parse(Encoding.UTF8.GetString(stream.ToArray()));
    }

    /// <summary>The registry alone: the service's own metrics, without any sample's families.</summary>
    public static async Task<Exposition> ScrapeAsync(CollectorRegistry registry)
    {
        using var stream = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(stream, ExpositionFormat.PrometheusText);
        return Parse(Encoding.UTF8.GetString(stream.ToArray()));
    }

    public static Exposition Parse(string text) => new(text);

    public IEnumerable<Series> Of(string name) => Samples.Where(s => s.Name == name);

    /// <summary>The series of <paramref name="name"/> for jail <paramref name="jail"/>, or null.</summary>
    public Series? Find(string name, string jail) => Of(name).SingleOrDefault(s => s["name"] == jail);

    public double Value(string name, string jail) =>
        Find(name, jail)?.Value ?? throw new Xunit.Sdk.XunitException($"no series {name}{{name=\"{jail}\"}} in:\n{Text}");

    public double Value(string name) =>
        Of(name).SingleOrDefault()?.Value ?? throw new Xunit.Sdk.XunitException($"no series {name} in:\n{Text}");

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})? (?<value>\S+)( \S+)?$")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"(?<name>[a-zA-Z_][a-zA-Z0-9_]*)=""(?<value>(?:[^""\\]|\\.)*)""")]
    private static partial Regex LabelPair();
}
