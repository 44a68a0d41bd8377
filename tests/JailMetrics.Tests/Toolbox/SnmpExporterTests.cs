using JailMetrics.Tests.Snmp;

namespace JailMetrics.Tests.Toolbox;

/// <summary>
/// dashboards/snmp_exporter: snmp.yml is what the generator makes from the MIB today, the Debian
/// prometheus-snmp-exporter (0.21) loads it, and walks the running service's agent with it,
/// returning the jail table as metrics labelled with the jail's name, and the active alerts.
/// </summary>
[Collection(ToolboxServiceCollection.Name)]
public sealed class SnmpExporterTests(ToolboxServiceFixture service) : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public void Dispose() => _http.Dispose();

    [Fact]
    public void The_committed_snmp_yml_is_what_generate_sh_makes_from_the_mib()
    {
        string output = Path.Combine(Directory.CreateTempSubdirectory("jailmetrics-snmpgen-").FullName, "snmp.yml");
        try
        {
            var result = ExternalTool.Run("bash", [Path.Combine(ToolboxPaths.SnmpExporterDirectory, "generate.sh"), output],
                new Dictionary<string, string> { ["IETF_MIBS"] = RepositoryPaths.IetfMibs });

            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.True(File.ReadAllText(ToolboxPaths.SnmpExporterConfig) == File.ReadAllText(output),
                "dashboards/snmp_exporter/snmp.yml is out of date: run dashboards/snmp_exporter/generate.sh");
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(output)!, recursive: true);
        }
    }

    [Fact]
    public void The_exporter_accepts_the_module_file()
    {
        var result = ExternalTool.Run("prometheus-snmp-exporter", [$"--config.file={ToolboxPaths.SnmpExporterConfig}", "--dry-run"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Configuration parsed successfully", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_exporter_walks_the_service_and_returns_the_jail_table_by_name()
    {
        await using var exporter = await SnmpExporterProcess.StartAsync(_http, ToolboxPaths.SnmpExporterConfig);

        var scrape = await exporter.ScrapeAsync(_http, $"127.0.0.1:{service.SnmpPort}", "jailmetrics");

        string jail = service.Sandbox.Name;
        var memory = Assert.Single(scrape.Of("jmJailMemoryUse"), s => s["jmJailName"] == jail);
        Assert.Equal(service.LinuxMetrics.Find("jail_memoryuse_bytes", jail)!.Value, memory.Value);
        Assert.Equal("gauge", scrape.Types["jmJailMemoryUse"]); // CounterBasedGauge64, not a counter
        Assert.Equal("counter", scrape.Types["jmJailCpuTime"]);
        Assert.Equal(service.LinuxMetrics.Find("jail_maxproc", jail)!.Value, Assert.Single(scrape.Of("jmJailMaxProc"), s => s["jmJailName"] == jail).Value);
        Assert.Contains(scrape.Of("jmJailIfHCInOctets"), s => s["jmJailName"] == jail && !string.IsNullOrEmpty(s["jmJailIfName"]));
        Assert.Contains(scrape.Of("jmCollectorSuccess"), s => s["jmCollectorName"] == "memory" && s.Value == 1);
        // The fixture's alert rule fires on the sandbox: a jmAlertTable row, named by rule and jail, state firing(2).
        Assert.Equal(2, Assert.Single(scrape.Of("jmAlertState"), s => s["jmAlertRuleName"] == ToolboxServiceFixture.AlertRuleName && s["jmJailName"] == jail).Value);
    }
}
