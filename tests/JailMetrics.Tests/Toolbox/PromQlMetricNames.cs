using System.Text.RegularExpressions;

namespace JailMetrics.Tests.Toolbox;

/// <summary>
/// The metric names a PromQL expression selects, found by removing everything that is not one:
/// string literals, label matchers, range and subquery brackets, grouping label lists
/// (<c>by (…)</c>, <c>on(…)</c> …), Grafana variables, function and aggregation names (an
/// identifier followed by "("), keywords and numbers. Recording-rule names (level:metric:ops)
/// come out like any other name; <see cref="MetricNameCheck"/> resolves them.
/// </summary>
public static partial class PromQlMetricNames
{
    // Keywords and binary operators of PromQL that look like identifiers (prometheus/promql/parser/lex.go).
    private static readonly HashSet<string> Keywords = new(StringComparer.OrdinalIgnoreCase)
    {
        "and", "or", "unless", "atan2", "bool", "by", "without", "on", "ignoring", "group_left", "group_right",
        "offset", "inf", "nan", "start", "end",
        // Aggregations, which may be written "sum by (x) (…)" with the parenthesis not right after them.
        "sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values", "bottomk", "topk", "quantile",
    };

    public static IReadOnlySet<string> Extract(string expression)
    {
        string text = StringLiteral().Replace(expression, " ");
        text = GrafanaVariable().Replace(text, " ");
        text = Braces().Replace(text, " ");
        text = Brackets().Replace(text, " ");
        text = GroupingLabels().Replace(text, " ");
        text = Offset().Replace(text, " ");

        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match token in Identifier().Matches(text))
        {
            string name = token.Groups["name"].Value;
            bool isCall = token.Groups["call"].Success;
            if (!isCall && !Keywords.Contains(name)) names.Add(name);
        }
        return names;
    }

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`")]
    private static partial Regex StringLiteral();

    // $name, ${name}, ${name:format} and [[name]] (Grafana's older form); also $__rate_interval.
    [GeneratedRegex(@"\$\{[^}]*\}|\$\w+|\[\[\w+\]\]")]
    private static partial Regex GrafanaVariable();

    [GeneratedRegex(@"\{[^{}]*\}")]
    private static partial Regex Braces();

    [GeneratedRegex(@"\[[^\[\]]*\]")]
    private static partial Regex Brackets();

    [GeneratedRegex(@"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^()]*\)", RegexOptions.IgnoreCase)]
    private static partial Regex GroupingLabels();

    [GeneratedRegex(@"\boffset\s+-?\w+", RegexOptions.IgnoreCase)]
    private static partial Regex Offset();

    // A name not glued to a number or another name (1e3, 0x1F), and whether "(" follows it.
    [GeneratedRegex(@"(?<![\w.:])(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?<call>\s*\()?")]
    private static partial Regex Identifier();
}
