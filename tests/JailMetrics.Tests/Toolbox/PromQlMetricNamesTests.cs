namespace JailMetrics.Tests.Toolbox;

/// <summary>The PromQL name extractor that the dashboard and rule checks rest on.</summary>
public sealed class PromQlMetricNamesTests
{
    [Theory]
    [InlineData("jail_memoryuse_bytes", new[] { "jail_memoryuse_bytes" })]
    [InlineData("rate(jail_cputime_seconds_total{name=~\"$name\", instance=~\"$instance\"}[$__rate_interval])", new[] { "jail_cputime_seconds_total" })]
    [InlineData("sum by (instance, name) (rate(jail_network_receive_bytes_total[5m] offset 1h))", new[] { "jail_network_receive_bytes_total" })]
    [InlineData("jail_memoryuse_bytes / on(instance, name) group_left(path) max by (instance, name) (jail_limit_memoryuse_bytes{action=\"deny\"})",
        new[] { "jail_memoryuse_bytes", "jail_limit_memoryuse_bytes" })]
    [InlineData("count(jailmetrics_alert_active == 1) or vector(0)", new[] { "jailmetrics_alert_active" })]
    [InlineData("label_replace(instance:jail_nshm:ratio_host_limit, \"ipc\", \"shmmni\", \"\", \"\") > 0.8 and bool 1e3",
        new[] { "instance:jail_nshm:ratio_host_limit" })]
    [InlineData("topk(10, jail_maxproc) unless ignoring(name) jail_num", new[] { "jail_maxproc", "jail_num" })]
    [InlineData("time() - jailmetrics_last_sample_timestamp_seconds > 180", new[] { "jailmetrics_last_sample_timestamp_seconds" })]
    [InlineData("jail_info{instance=~\"${instance:regex}\"}", new[] { "jail_info" })]
    [InlineData("max_over_time(jail_nthr[1h:5m])", new[] { "jail_nthr" })]
    public void Finds_exactly_the_metric_names(string expression, string[] expected) =>
        Assert.Equal(expected.Order(), PromQlMetricNames.Extract(expression).Order());

    [Fact]
    public void A_misspelt_metric_name_is_reported_unknown()
    {
        var exposed = new HashSet<string> { "jail_memoryuse_bytes", "jail_limit_memoryuse_bytes" };

        var unknown = MetricNameCheck.Unknown(
            ["jail_memoryuse_byte / on(name) jail_limit_memoryuse_bytes", "jail_memoryuse_bytes"],
            new HashSet<string>(), exposed);

        Assert.Equal(["jail_memoryuse_byte"], unknown);
    }

    [Fact]
    public void A_recording_rule_name_counts_only_when_a_rule_records_it()
    {
        var exposed = new HashSet<string> { "jail_cputime_seconds_total" };
        string[] expressions = ["name:jail_cputime_seconds:rate5m{name=\"www\"}", "rate(jail_cputime_seconds_total[5m])"];

        Assert.Empty(MetricNameCheck.Unknown(expressions, new HashSet<string> { "name:jail_cputime_seconds:rate5m" }, exposed));
        Assert.Equal(["name:jail_cputime_seconds:rate5m"], MetricNameCheck.Unknown(expressions, new HashSet<string>(), exposed));
    }
}
