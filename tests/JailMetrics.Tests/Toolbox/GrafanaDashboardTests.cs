namespace JailMetrics.Tests.Toolbox;

/// <summary>dashboards/grafana/jailmetrics.json: its structure, and the checker that finds structural faults.</summary>
public sealed class GrafanaDashboardTests
{
    private static readonly GrafanaDashboard Dashboard = GrafanaDashboard.Load(ToolboxPaths.GrafanaDashboard);

    [Fact]
    public void The_dashboard_has_no_structural_problems() => Assert.Empty(Dashboard.Problems());

    [Fact]
    public void It_has_a_prometheus_datasource_variable_and_instance_and_name_variables()
    {
        var variables = Dashboard.Variables;

        Assert.Equal(("datasource", "prometheus"), ((string?)variables["datasource"]["type"], (string?)variables["datasource"]["query"]));
        Assert.All(Dashboard.DataPanels, p => Assert.Equal("${datasource}", (string?)p["datasource"]!["uid"]));
        Assert.Contains("label_values(", Dashboard.VariableQueries.Single(q => q.Contains(", instance)", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Contains("label_values(jail_info", Dashboard.VariableQueries.Single(q => q.Contains(", name)", StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("CPU")]
    [InlineData("Memory vs limit")]
    [InlineData("Processes and threads")]
    [InlineData("Open files and terminals")]
    [InlineData("SysV IPC vs host limits")]
    [InlineData("Network per interface")]
    [InlineData("Disk I/O")]
    [InlineData("Root filesystem")]
    [InlineData("Active alerts")]
    [InlineData("Collector success")]
    [InlineData("Collector duration")]
    public void It_has_the_panel(string title) => Assert.Single(Dashboard.DataPanels, p => (string?)p["title"] == title);

    [Fact]
    public void The_checker_finds_each_kind_of_fault()
    {
        var broken = GrafanaDashboard.Parse("""
            {
              "templating": { "list": [ { "name": "instance", "type": "query" } ] },
              "panels": [
                { "id": 1, "type": "timeseries", "title": "no datasource", "gridPos": {},
                  "targets": [ { "refId": "A", "expr": "jail_num{instance=~\"$instance\", name=~\"$jail\"}" } ] },
                { "id": 1, "type": "timeseries", "title": "twice", "gridPos": {}, "datasource": { "uid": "${datasource}" },
                  "targets": [ { "refId": "A", "expr": "jail_num" }, { "refId": "A", "expr": "" }, { "expr": "jail_num" } ] },
                { "id": 3, "type": "stat", "title": "empty", "gridPos": {}, "datasource": { "uid": "x" } }
              ]
            }
            """);

        Assert.Equal(
        [
            "panel \"no datasource\" has no datasource",
            "panel id 1 (\"twice\") is used twice",
            "panel \"twice\" uses refId A twice",
            "panel \"twice\" target A has no expr",
            "panel \"twice\" has a target without refId",
            "panel \"empty\" has no targets",
            "$jail is used but not defined in templating",
            "$datasource is used but not defined in templating",
        ], broken.Problems());
    }

    [Fact]
    public void Variable_queries_are_reduced_to_their_selector()
    {
        var dashboard = GrafanaDashboard.Parse("""
            { "templating": { "list": [
                { "name": "a", "type": "query", "query": { "query": "label_values(jail_info{instance=~\"$i\"}, name)" } },
                { "name": "b", "type": "query", "query": "label_values(instance)" },
                { "name": "c", "type": "datasource", "query": "prometheus" } ] } }
            """);

        Assert.Equal(["jail_info{instance=~\"$i\"}"], dashboard.VariableSelectors);
    }
}
