using JailMetrics.Tests.Snmp;

namespace JailMetrics.Tests.Toolbox;

/// <summary>The operator's toolbox in the repository: dashboards, rules, the snmp_exporter module, packaging.</summary>
public static class ToolboxPaths
{
    public static string Dashboards => Path.Combine(RepositoryPaths.Root, "dashboards");

    public static string GrafanaDashboard => Path.Combine(Dashboards, "grafana", "jailmetrics.json");

    public static string PrometheusRules => Path.Combine(Dashboards, "prometheus", "jailmetrics.rules.yml");

    public static string PrometheusRuleTests => Path.Combine(Dashboards, "prometheus", "jailmetrics.rules.test.yml");

    public static string Runbook => Path.Combine(Dashboards, "RUNBOOK.md");

    public static string SnmpExporterDirectory => Path.Combine(Dashboards, "snmp_exporter");

    public static string SnmpExporterConfig => Path.Combine(SnmpExporterDirectory, "snmp.yml");
}
