using System.Text.RegularExpressions;
using JailMetrics.Tests.Snmp;

namespace JailMetrics.Tests.Toolbox;

/// <summary>dashboards/prometheus: promtool accepts the rules and their unit tests pass; every alert follows the conventions.</summary>
public sealed partial class PrometheusRulesTests
{
    [Fact]
    public void Promtool_check_rules_accepts_the_rule_file()
    {
        var result = ExternalTool.Run("promtool", ["check", "rules", ToolboxPaths.PrometheusRules]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("SUCCESS", result.Stdout + result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Promtool_test_rules_passes_the_unit_tests()
    {
        var result = ExternalTool.Run("promtool", ["test", "rules", ToolboxPaths.PrometheusRuleTests]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("SUCCESS", result.Stdout + result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Promtool_test_rules_fails_when_an_expectation_is_wrong()
    {
        // Proves the unit tests can fail: the same tests with one expected value changed.
        string directory = Directory.CreateTempSubdirectory("jailmetrics-rules-").FullName;
        try
        {
            File.Copy(ToolboxPaths.PrometheusRules, Path.Combine(directory, "jailmetrics.rules.yml"));
            string tests = File.ReadAllText(ToolboxPaths.PrometheusRuleTests);
            string broken = tests.Replace("value: 0.5", "value: 0.6", StringComparison.Ordinal);
            Assert.NotEqual(tests, broken);
            File.WriteAllText(Path.Combine(directory, "tests.yml"), broken);

            var result = ExternalTool.Run("promtool", ["test", "rules", Path.Combine(directory, "tests.yml")]);

            Assert.NotEqual(0, result.ExitCode);
            Assert.Contains("FAILED", result.Stdout + result.Stderr, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Every_alert_has_a_CamelCase_name_a_severity_and_summary_description_and_runbook()
    {
        var alerts = RuleFile.Load(ToolboxPaths.PrometheusRules).Alerts.ToList();
        string runbook = File.ReadAllText(ToolboxPaths.Runbook);

        Assert.NotEmpty(alerts);
        foreach (var alert in alerts)
        {
            Assert.Matches(CamelCase(), alert.Alert!);
            Assert.True(alert.Labels.TryGetValue("severity", out string? severity) && severity is "info" or "warning" or "critical" or "{{ $labels.severity }}",
                $"{alert.Alert}: severity must be info, warning or critical (or the service rule's own), not '{severity}'");
            foreach (string annotation in new[] { "summary", "description", "runbook_url" })
                Assert.False(string.IsNullOrWhiteSpace(alert.Annotations.GetValueOrDefault(annotation)), $"{alert.Alert} has no {annotation}");
            // The runbook_url names a section of RUNBOOK.md; its heading must be there.
            Assert.Equal($"dashboards/RUNBOOK.md#{alert.Alert!.ToLowerInvariant()}", alert.Annotations["runbook_url"]);
            Assert.Contains($"\n## {alert.Alert}\n", runbook, StringComparison.Ordinal);
        }
    }

    [GeneratedRegex("^[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]+)+$")]
    private static partial Regex CamelCase();
}
