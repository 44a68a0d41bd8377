using System.Globalization;
using JailMetrics.Service.Prometheus;
using JailMetrics.Service.Snmp;

namespace JailMetrics.Tests.Snmp;

/// <summary>
/// The real net-snmp tools against the running service: get, getnext, v1 and v2c walks, bulk walks
/// with several repetition counts, snmptable by MIB name, values equal to /metrics of the same
/// sample, and silence for a wrong community.
/// </summary>
public sealed class SnmpInteropTests(RunningServiceFixture service) : IClassFixture<RunningServiceFixture>
{
    // net-snmp prints numeric OIDs (-On) with a leading dot.
    private static readonly string Root = "." + JailMetricsMib.Root;
    private static readonly string JailName = Dotted("jmJailName");

    private NetSnmp Snmp => service.Snmp;

    private string SandboxIndex =>
        NetSnmp.ParseQuick(Snmp.Output("snmpwalk", ["-v2c", "-c", "public", "-On", "-Oq"], JailName))
            .Single(e => e.Value == service.Sandbox.Name).Key[(JailName.Length + 1)..];

    [Fact]
    public void Snmpget_reads_a_scalar_and_the_sandbox_row_and_reports_what_is_missing()
    {
        string index = SandboxIndex;
        string output = Snmp.Output("snmpget", ["-v2c", "-c", "public", "-On"],
            $"{Root}.1.1.6.0", $"{JailName}.{index}", $"{Dotted("jmJailId")}.{index}",
            $"{JailName}.999999", $"{Root}.1.2.3.1.99.1");

        Assert.Contains($"{Root}.1.1.6.0 = Counter32: 1", output, StringComparison.Ordinal); // one sample, so /metrics saw the same
        Assert.Contains($"{JailName}.{index} = STRING: \"{service.Sandbox.Name}\"", output, StringComparison.Ordinal);
        Assert.Contains($"= Gauge32: {service.Sandbox.PidNamespaceInode}", output, StringComparison.Ordinal);
        Assert.Contains($"{JailName}.999999 = No Such Instance currently exists at this OID", output, StringComparison.Ordinal);
        Assert.Contains($"{Root}.1.2.3.1.99.1 = No Such Object available on this agent at this OID", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_tls_or_snmpv3_the_service_never_loads_openssl()
    {
        // Issue 8: libcrypto and libssl are some 3.5 MiB of resident memory. The fixture's service has
        // made its snmpEngineID (a fresh state directory), been scraped and answers v2c here.
        Assert.Contains("STRING: \"host\"", Snmp.Output("snmpgetnext", ["-v2c", "-c", "public", "-On"], JailName), StringComparison.Ordinal);

        var openssl = File.ReadLines($"/proc/{service.ServiceProcessId}/maps")
            .Where(line => line.Contains("libssl", StringComparison.Ordinal) || line.Contains("libcrypto", StringComparison.Ordinal) ||
                           line.Contains("Cryptography.Native", StringComparison.Ordinal))
            .ToList();
        Assert.True(openssl.Count == 0, "OpenSSL is mapped:\n" + string.Join('\n', openssl));
    }

    [Fact]
    public void Snmpgetnext_steps_from_a_column_to_its_first_instance_the_host()
    {
        string output = Snmp.Output("snmpgetnext", ["-v2c", "-c", "public", "-On"], JailName);

        Assert.Equal($"{JailName}.1 = STRING: \"host\"", output.Trim());
    }

    [Fact]
    public void A_v1_walk_is_the_v2c_walk_without_the_counter64_instances()
    {
        var v2c = Lines(Snmp.Output("snmpwalk", ["-v2c", "-c", "public", "-On"], Root));
        var v1 = Lines(Snmp.Output("snmpwalk", ["-v1", "-c", "public", "-On"], Root));

        Assert.Contains(v2c, l => l.Contains("= Counter64: ", StringComparison.Ordinal));
        Assert.Contains(v2c, l => l.Contains($"= STRING: \"{service.Sandbox.Name}\"", StringComparison.Ordinal));
        // SNMPv1 has no Counter64: GetNext skips those instances (RFC 3584 §4.2.2.1).
        Assert.Equal(v2c.Where(l => !l.Contains("= Counter64: ", StringComparison.Ordinal)), v1);
    }

    [Theory]
    [InlineData("-Cr1")]
    [InlineData("-Cr7")]
    [InlineData("-Cr25")]
    [InlineData("-Cr60")]
    public void A_bulk_walk_returns_exactly_the_walk_whatever_the_repetitions(string repetitions)
    {
        string walk = Snmp.Output("snmpwalk", ["-v2c", "-c", "public", "-On"], Root);

        string bulk = Snmp.Output("snmpbulkwalk", ["-v2c", "-c", "public", "-On", "-Cn0", repetitions], Root);

        Assert.Equal(walk, bulk);
        Assert.True(Lines(walk).Count > 100, walk);
    }

    [Fact]
    public void Snmptable_shows_the_jail_and_interface_tables_by_mib_name()
    {
        var sandbox = service.Sandbox;
        var jails = Table(Snmp.Output("snmptable", ["-v2c", "-c", "public", "-Cb", "-Cf", "|", "-OU", .. NetSnmp.WithJailMetricsMib], "JAILMETRICS-MIB::jmJailTable"));
        var row = Assert.Single(jails, r => r["Name"] == sandbox.Name);
        Assert.Equal(sandbox.PidNamespaceInode.ToString(CultureInfo.InvariantCulture), row["Id"]);
        Assert.Equal("active", row["State"]);
        Assert.Equal("true", row["Vnet"]);
        Assert.Equal(sandbox.JailAddress!.ToString(), row["IPv4Addresses"]);
        Assert.Equal(((long)service.Metrics.Value("jail_maxproc", sandbox.Name)).ToString(CultureInfo.InvariantCulture), row["MaxProc"]);
        Assert.Single(jails, r => r["Name"] == "host" && r["ParentIndex"] == "0");

        var interfaces = Table(Snmp.Output("snmptable", ["-v2c", "-c", "public", "-Cb", "-Cf", "|", "-OU", .. NetSnmp.WithJailMetricsMib], "JAILMETRICS-MIB::jmJailIfTable"));
        Assert.Contains(interfaces, r => r["Name"] == sandbox.JailInterface && r["HCInPkts"] != "0");
    }

    [Fact]
    public void Every_value_equals_what_metrics_reports_for_the_same_sample()
    {
        var snmp = NetSnmp.ParseQuick(Snmp.Output("snmpwalk", ["-v2c", "-c", "public", "-On", "-Oq", "-Ot", "-Oe"], Root));
        var indexOf = snmp.Where(e => e.Key.StartsWith(JailName + ".", StringComparison.Ordinal))
            .ToDictionary(e => e.Value, e => e.Key[(JailName.Length + 1)..]);
        var jails = service.Metrics.Of("jail_id").Select(s => s["name"]!).ToList();
        Assert.Contains(service.Sandbox.Name, jails);
        Assert.Equal(jails.Order(StringComparer.Ordinal), indexOf.Keys.Order(StringComparer.Ordinal));

        int compared = 0;
        foreach (string jail in jails)
        {
            string index = indexOf[jail];
            Assert.Equal(Instance(snmp, "jmJailId", index), service.Metrics.Value("jail_id", jail).ToString(CultureInfo.InvariantCulture));
            foreach (var family in JailFamilyTable.All.Where(f => f.Resource is not null))
            {
                var column = ResourceColumns.Of(family.Resource!.Value);
                string? expected = service.Metrics.Find(family.Name, jail) is { } series
                    ? column.Scaled(series.Value).ToString(CultureInfo.InvariantCulture)
                    : null; // not measured: no instance on either side
                Assert.True(expected == Instance(snmp, column.Name, index), $"{jail} {column.Name}: /metrics says {expected ?? "absent"}, SNMP {Instance(snmp, column.Name, index) ?? "absent"}");
                compared++;
            }
        }

        string ifName = Dotted("jmJailIfName");
        var ifNames = snmp.Where(e => e.Key.StartsWith(ifName + ".", StringComparison.Ordinal)).ToList();
        foreach (var series in service.Metrics.Of("jail_network_receive_bytes_total"))
        {
            string prefix = $"{ifName}.{indexOf[series["name"]!]}.";
            var row = Assert.Single(ifNames, e => e.Key.StartsWith(prefix, StringComparison.Ordinal) && e.Value == series["interface"]);
            string rowIndex = row.Key[(ifName.Length + 1)..];
            Assert.Equal(((ulong)series.Value).ToString(CultureInfo.InvariantCulture), Instance(snmp, "jmJailIfHCInOctets", rowIndex));
            compared++;
        }
        Assert.True(compared > 50, $"only {compared} values compared");
        Assert.Equal("1", Instance(snmp, "jmAgentSamples", "0"));
    }

    [Fact]
    public void A_wrong_community_gets_no_answer_at_all()
    {
        var result = Snmp.Run("snmpget", ["-v2c", "-c", "not-the-community", "-t", "1", "-r", "0", "-On"], $"{Root}.1.1.1.0");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Timeout: No Response", result.Stdout + result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(Root, result.Stdout, StringComparison.Ordinal);
    }

    private static string? Instance(Dictionary<string, string> walk, string objectName, string index) =>
        walk.TryGetValue($"{Dotted(objectName)}.{index}", out string? value) ? value : null;

    private static string Dotted(string objectName) => "." + BindingFixture.ObjectOid(objectName);

    private static List<string> Lines(string output) => [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries)];

    /// <summary>snmptable -Cb -Cf '|' output: a title, a blank line, the header, then one line per row.</summary>
    private static List<Dictionary<string, string>> Table(string output)
    {
        var lines = Lines(output).Where(l => !l.StartsWith("SNMP table:", StringComparison.Ordinal)).ToList();
        string[] header = lines[0].Split('|');
        return [.. lines.Skip(1).Select(line => header.Zip(line.Split('|')).ToDictionary(p => p.First, p => p.Second))];
    }
}
