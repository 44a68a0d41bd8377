using System.Text;
using JailMetrics.Service.Prometheus;
using Prometheus;

namespace JailMetrics.Tests.Prometheus;

/// <summary>
/// The exposition writer against prometheus-net itself: the same families, label values and values
/// set in a prometheus-net registry and written by <see cref="ExpositionWriter"/> give the same lines
/// (in any order), in the text format and in OpenMetrics, so moving families out of prometheus-net
/// changes no byte a scraper parses.
/// </summary>
public sealed class ExpositionWriterTests
{
    private const string GaugeHelp = "A gauge with \"quotes\" in its help";
    private const string CounterHelp = "A counter";

    // Integral, fractional, tiny, huge (the exponent forms), a ulong counter beyond 2^53, and the special values.
    private static readonly double[] GaugeValues =
        [0, 1, -1, 0.1, 1.5, -2.25, 42, 1e-7, 123456789012345678, 1e15, 1e20, double.MaxValue, double.Epsilon, double.NaN, double.PositiveInfinity, double.NegativeInfinity];

    private static readonly double[] CounterValues = [0, 1, 3, 0.5, 1e20, ulong.MaxValue, 9007199254740993];

    // Every escape of the text format (backslash, double quote, newline), non-ASCII, empty.
    private static readonly string[] LabelValues = ["plain", "back\\slash", "say \"hi\"", "two\nlines", "ünïcödé €", "", "a,b"];

    [Theory]
    [InlineData(ExpositionFormat.PrometheusText)]
    [InlineData(ExpositionFormat.OpenMetricsText)]
    public async Task Writes_what_prometheus_net_writes_for_the_same_series(ExpositionFormat format)
    {
        var expected = await PrometheusNetAsync(format);
        var actual = Ours(format);

        // prometheus-net ends OpenMetrics with "# EOF", which the endpoint keeps from its own output.
        if (format == ExpositionFormat.OpenMetricsText) Assert.Equal("# EOF", expected[^1]);
        Assert.Equal(Sorted(expected.Where(line => line != "# EOF")), Sorted(actual));
        Assert.Contains(actual, line => line.EndsWith(" 1e+20", StringComparison.Ordinal)); // the exponent form was compared
        Assert.Contains(actual, line => line.Contains("name=\"two\\nlines\"", StringComparison.Ordinal)); // and the escapes
    }

    [Fact]
    public void A_family_without_series_prints_no_header()
    {
        using var buffer = new ScrapeBuffer();
        var writer = new ExpositionWriter(buffer, ExpositionFormat.PrometheusText);
        writer.BeginFamily(new MetricFamily("t_empty", "nothing", FamilyType.Gauge));
        writer.BeginFamily(new MetricFamily("t_one", "one", FamilyType.Gauge));
        writer.Series().Value(2);

        Assert.Equal("# HELP t_one one\n# TYPE t_one gauge\nt_one 2\n", Text(buffer));
    }

    private static async Task<List<string>> PrometheusNetAsync(ExpositionFormat format)
    {
        var registry = Metrics.NewCustomRegistry();
        var factory = Metrics.WithCustomRegistry(registry);
        var gauge = factory.CreateGauge("t_gauge", GaugeHelp, "name", "value");
        var counter = factory.CreateCounter("t_counter_total", CounterHelp, "name");
        var single = factory.CreateGauge("t_single", "");
        foreach (var (label, i) in LabelValues.Select((label, i) => (label, i)))
        {
            foreach (var (value, j) in GaugeValues.Select((value, j) => (value, j)))
                gauge.WithLabels(label, j.ToString(System.Globalization.CultureInfo.InvariantCulture)).Set(value);
            counter.WithLabels(label).IncTo(CounterValues[i % CounterValues.Length]);
        }
        single.Set(0.25);
        using var stream = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(stream, format);
        return Lines(Encoding.UTF8.GetString(stream.ToArray()));
    }

    private static List<string> Ours(ExpositionFormat format)
    {
        using var buffer = new ScrapeBuffer();
        var writer = new ExpositionWriter(buffer, format);
        writer.BeginFamily(new MetricFamily("t_gauge", GaugeHelp, FamilyType.Gauge));
        foreach (var label in LabelValues)
            foreach (var (value, j) in GaugeValues.Select((value, j) => (value, j)))
                writer.Series().Label("name"u8, label).Label("value"u8, j).Value(value);
        writer.BeginFamily(new MetricFamily("t_counter_total", CounterHelp, FamilyType.Counter));
        foreach (var (label, i) in LabelValues.Select((label, i) => (label, i)))
            writer.Series().Label("name"u8, label).Value(CounterValues[i % CounterValues.Length]);
        writer.BeginFamily(new MetricFamily("t_single", "", FamilyType.Gauge));
        writer.Series().Value(0.25);
        return Lines(Text(buffer));
    }

    private static string Text(ScrapeBuffer buffer) => Encoding.UTF8.GetString(buffer.WrittenMemory.Span);

    private static List<string> Lines(string text) => [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries)];

    private static List<string> Sorted(IEnumerable<string> lines) => [.. lines.Order(StringComparer.Ordinal)];
}
