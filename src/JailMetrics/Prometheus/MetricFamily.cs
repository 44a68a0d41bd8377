using System.Text;

namespace JailMetrics.Service.Prometheus;

/// <summary>
/// One family written straight from a sample (<see cref="ExpositionWriter"/>): its name and its
/// HELP and TYPE lines, encoded once for each format so a scrape only copies bytes.
/// </summary>
internal sealed class MetricFamily
{
    private const string CounterSuffix = "_total";

    public MetricFamily(string name, string help, FamilyType type)
    {
        Name = name;
        NameUtf8 = Encoding.UTF8.GetBytes(name);
        string typeName = type == FamilyType.Counter ? "counter" : "gauge";
        TextHeader = Header(name, help, typeName);
        // OpenMetrics 1.0 names a counter family without _total; its samples keep it. A counter not
        // ending in _total is out of spec there, so it is declared unknown (as prometheus-net does).
        OpenMetricsHeader = type != FamilyType.Counter ? TextHeader
            : name.EndsWith(CounterSuffix, StringComparison.Ordinal) ? Header(name[..^CounterSuffix.Length], help, typeName)
            : Header(name, help, "unknown");
    }

    public string Name { get; }

    /// <summary>The name as every sample line starts.</summary>
    public byte[] NameUtf8 { get; }

    /// <summary><c># HELP</c> and <c># TYPE</c> lines in the text format 0.0.4.</summary>
    public byte[] TextHeader { get; }

    /// <summary><c># HELP</c> and <c># TYPE</c> lines in OpenMetrics 1.0.</summary>
    public byte[] OpenMetricsHeader { get; }

    /// <summary>
    /// The two lines. HELP escapes backslash and newline (text format 0.0.4); a blank HELP stays
    /// blank, with the space after the name that the OpenMetrics ABNF requires.
    /// </summary>
    private static byte[] Header(string name, string help, string type)
    {
        string escaped = string.IsNullOrWhiteSpace(help) ? "" : help.Replace("\\", @"\\", StringComparison.Ordinal).Replace("\n", @"\n", StringComparison.Ordinal);
        return Encoding.UTF8.GetBytes($"# HELP {name} {escaped}\n# TYPE {name} {type}\n");
    }
}
