namespace JailMetrics.Tests.Toolbox;

/// <summary>
/// Which metric names a set of PromQL expressions uses that an exposition does not have.
/// Names recorded by recording rules are not looked up themselves (their own expressions are among
/// the expressions checked); a recording-rule name that no rule defines stays unknown.
/// </summary>
public static class MetricNameCheck
{
    public static IReadOnlyList<string> Unknown(IEnumerable<string> expressions, IReadOnlySet<string> recordedNames, IReadOnlySet<string> exposedNames) =>
        expressions.SelectMany(PromQlMetricNames.Extract)
            .Where(name => !recordedNames.Contains(name) && !exposedNames.Contains(name))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
}
