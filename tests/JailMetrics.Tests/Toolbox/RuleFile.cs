using YamlDotNet.RepresentationModel;

namespace JailMetrics.Tests.Toolbox;

/// <summary>One rule of a Prometheus rule file: a recording rule (Record set) or an alert (Alert set).</summary>
public sealed record PrometheusRule(
    string Group, string? Record, string? Alert, string Expr,
    IReadOnlyDictionary<string, string> Labels, IReadOnlyDictionary<string, string> Annotations);

/// <summary>A Prometheus rule file (groups → rules) read with a YAML parser, for checks promtool does not make.</summary>
public sealed class RuleFile
{
    private RuleFile(IReadOnlyList<PrometheusRule> rules) => Rules = rules;

    public IReadOnlyList<PrometheusRule> Rules { get; }

    public IEnumerable<PrometheusRule> Alerts => Rules.Where(r => r.Alert is not null);

    public IReadOnlySet<string> RecordedNames => Rules.Where(r => r.Record is not null).Select(r => r.Record!).ToHashSet(StringComparer.Ordinal);

    public static RuleFile Load(string path)
    {
        var yaml = new YamlStream();
        using (var reader = new StreamReader(path)) yaml.Load(reader);
        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        var rules = new List<PrometheusRule>();
        foreach (var group in ((YamlSequenceNode)root["groups"]).Cast<YamlMappingNode>())
        {
            string groupName = Scalar(group, "name")!;
            foreach (var rule in ((YamlSequenceNode)group["rules"]).Cast<YamlMappingNode>())
                rules.Add(new PrometheusRule(groupName, Scalar(rule, "record"), Scalar(rule, "alert"), Scalar(rule, "expr")!,
                    Map(rule, "labels"), Map(rule, "annotations")));
        }
        return new RuleFile(rules);
    }

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? ((YamlScalarNode)value).Value : null;

    private static Dictionary<string, string> Map(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value)
            ? ((YamlMappingNode)value).Children.ToDictionary(c => ((YamlScalarNode)c.Key).Value!, c => ((YamlScalarNode)c.Value).Value ?? "", StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);
}
