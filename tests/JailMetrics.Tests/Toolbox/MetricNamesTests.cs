namespace JailMetrics.Tests.Toolbox;

/// <summary>
/// Every metric name the dashboard and the rules use is one the service really exposes (on Linux
/// live, or on FreeBSD over the fake kernel); recording-rule names count when a rule records them.
/// </summary>
[Collection(ToolboxServiceCollection.Name)]
public sealed class MetricNamesTests(ToolboxServiceFixture service)
{
    private static readonly RuleFile Rules = RuleFile.Load(ToolboxPaths.PrometheusRules);

    [Fact]
    public void Every_name_in_the_rules_is_exposed()
    {
        var unknown = MetricNameCheck.Unknown(Rules.Rules.Select(r => r.Expr), Rules.RecordedNames, service.ExposedNames);

        Assert.True(unknown.Count == 0, $"the rules use names the service does not expose: {string.Join(", ", unknown)}");
    }

    [Fact]
    public void Every_name_in_the_dashboard_is_exposed_or_recorded()
    {
        var dashboard = GrafanaDashboard.Load(ToolboxPaths.GrafanaDashboard);

        var unknown = MetricNameCheck.Unknown(dashboard.Expressions.Concat(dashboard.VariableSelectors), Rules.RecordedNames, service.ExposedNames);

        Assert.True(unknown.Count == 0, $"the dashboard uses names the service does not expose: {string.Join(", ", unknown)}");
    }

    [Fact]
    public void The_names_checked_against_are_the_services_own_with_the_sandbox_and_its_alert_in_them()
    {
        // Guards the comparison itself: an empty or foreign exposition would make the checks above pass for nothing.
        Assert.Contains("jail_memoryuse_bytes", service.ExposedNames);
        Assert.Contains("jail_limit_memoryuse_bytes", service.ExposedNames);
        Assert.Single(service.LinuxMetrics.Of("jailmetrics_alert_active"), s => s["name"] == service.Sandbox.Name);
        Assert.DoesNotContain("jail_memoryuse_byte", service.ExposedNames);
    }
}
