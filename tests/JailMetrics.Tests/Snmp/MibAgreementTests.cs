using System.Globalization;
using System.Xml.Linq;
using JailMetrics.Model;
using JailMetrics.Service.Snmp;

namespace JailMetrics.Tests.Snmp;

/// <summary>
/// The binding and mibs/JAILMETRICS-MIB.txt describe the same objects: every readable scalar and
/// column with the same OID, syntax and units, the same notifications and root, and the same numbers
/// for every enumeration the binding writes — as smidump parses the MIB, not as the code assumes.
/// </summary>
public sealed class MibAgreementTests
{
    private static readonly Lazy<XElement> Module = new(() => SmiTools.DumpXml(RepositoryPaths.JailMetricsMib));

    [Fact]
    public void The_module_is_rooted_where_the_code_roots_it()
    {
        string identity = Module.Value.Descendants("identity").Single().Attribute("node")!.Value;
        Assert.Equal(JailMetricsMib.Root.ToString(), NodeOid(identity));
        Assert.Equal(JailMetricsMib.SysObjectId.ToString(), NodeOid("jmServiceAgent"));
    }

    [Fact]
    public void The_root_is_the_documentation_enterprise_number()
    {
        // Until the project has its own PEN (README, MIB DESCRIPTION): enterprises.32473, RFC 5612.
        Assert.Equal("1.3.6.1.4.1.32473", JailMetricsMib.Root.ToString());
        Assert.Contains("RFC 5612", File.ReadAllText(RepositoryPaths.JailMetricsMib), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_readable_object_has_the_same_oid_syntax_and_units_in_code_and_mib()
    {
        var inMib = Module.Value.Descendants()
            .Where(e => e.Name == "scalar" || e.Name == "column")
            .Where(e => e.Element("access")?.Value == "readonly")
            .Select(e => Describe(e.Attribute("name")!.Value, e.Attribute("oid")!.Value, SyntaxName(e.Element("syntax")!), e.Element("units")?.Value))
            .Order(StringComparer.Ordinal)
            .ToList();
        var inCode = SnmpMibBinding.Objects
            .Select(o => Describe(o.Name, o.Oid.ToString(), o.Syntax.Name, o.Units))
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.NotEmpty(inMib);
        Assert.Equal(inMib, inCode);
    }

    [Fact]
    public void Every_notification_has_the_same_oid_in_code_and_mib()
    {
        var inMib = Module.Value.Descendants("notification")
            .ToDictionary(n => n.Attribute("name")!.Value, n => n.Attribute("oid")!.Value);
        var inCode = JailMetricsMib.Notification.All.ToDictionary(n => n.Key, n => n.Value.ToString());

        Assert.Equal(inMib.OrderBy(n => n.Key), inCode.OrderBy(n => n.Key));
    }

    [Fact]
    public void JmResource_numbers_every_resource_as_the_code_does()
    {
        var inCode = ResourceColumns.All.ToDictionary(c => CamelCase(ResourceInfo.Of(c.Resource).RctlName), c => (long)c.EnumValue);
        Assert.Equal(NamedNumbers(Typedef("JmResource")), inCode.OrderBy(n => n.Value));
        // And the columns follow the resources: column 19 + JmResource's number, in Resource order.
        Assert.All(ResourceColumns.All.Select((column, i) => (column, i)), x =>
        {
            Assert.Equal((Resource)x.i, x.column.Resource);
            Assert.Equal(19 + x.column.EnumValue, x.column.SubId);
        });
    }

    [Fact]
    public void JmLimitAction_and_JmLimitSubject_number_what_the_code_writes()
    {
        Assert.Equal(NamedNumbers(Typedef("JmLimitAction")), LimitCodes.AllActions.ToDictionary(a => a.Key, a => (long)a.Value).OrderBy(n => n.Value));
        Assert.Equal(NamedNumbers(Typedef("JmLimitSubject")), LimitCodes.AllSubjects.ToDictionary(a => a.Key, a => (long)a.Value).OrderBy(n => n.Value));
    }

    [Fact]
    public void JmHostIpcLimit_and_jmJailState_number_the_model_enums_as_the_binding_does()
    {
        var ipc = Enum.GetValues<HostIpcLimit>().ToDictionary(
            l => l.ToString().Replace("Bytes", "", StringComparison.Ordinal).ToLowerInvariant(), l => (long)l + 1);
        Assert.Equal(NamedNumbers(Typedef("JmHostIpcLimit")), ipc.OrderBy(n => n.Value));

        var state = Module.Value.Descendants("column").Single(c => c.Attribute("name")!.Value == "jmJailState").Element("syntax")!.Element("typedef")!;
        Assert.Equal(NamedNumbers(state), Enum.GetValues<JailState>().ToDictionary(s => s.ToString().ToLowerInvariant(), s => (long)s).OrderBy(n => n.Value));
    }

    [Fact]
    public void JmAlertSeverity_and_jmAlertState_number_what_the_alert_table_writes()
    {
        var severity = Module.Value.Descendants("column").Single(c => c.Attribute("name")!.Value == "jmAlertSeverity").Element("syntax")!.Element("typedef")!;
        Assert.Equal(NamedNumbers(severity),
            Enum.GetValues<JailMetrics.Alerts.AlertSeverity>().ToDictionary(s => s.ToString().ToLowerInvariant(), s => (long)AlertTable.SeverityCode(s)).OrderBy(n => n.Value));
        var state = Module.Value.Descendants("column").Single(c => c.Attribute("name")!.Value == "jmAlertState").Element("syntax")!.Element("typedef")!;
        Assert.Equal(NamedNumbers(state),
            Enum.GetValues<JailMetrics.Alerts.AlertState>().Where(s => AlertTable.StateCode(s) is not null)
                .ToDictionary(s => s.ToString().ToLowerInvariant(), s => (long)AlertTable.StateCode(s)!.Value).OrderBy(n => n.Value));
    }

    private static string Describe(string name, string oid, string syntax, string? units) => $"{name} {oid} {syntax} units={units ?? "-"}";

    /// <summary>A type by name (SnmpAdminString, Counter64, JmUtf8String), or a refinement's parent type, or an in-place enumeration.</summary>
    private static string SyntaxName(XElement syntax)
    {
        if (syntax.Element("type") is { } type) return type.Attribute("name")!.Value;
        var typedef = syntax.Element("typedef")!;
        return typedef.Element("parent")?.Attribute("name")?.Value ?? typedef.Attribute("basetype")!.Value;
    }

    private static string NodeOid(string name) =>
        Module.Value.Descendants("node").Single(n => n.Attribute("name")!.Value == name).Attribute("oid")!.Value;

    private static XElement Typedef(string name) =>
        Module.Value.Element("typedefs")!.Elements("typedef").Single(t => t.Attribute("name")!.Value == name);

    private static IOrderedEnumerable<KeyValuePair<string, long>> NamedNumbers(XElement typedef) =>
        typedef.Elements("namednumber")
            .ToDictionary(n => n.Attribute("name")!.Value, n => long.Parse(n.Attribute("number")!.Value, CultureInfo.InvariantCulture))
            .OrderBy(n => n.Value);

    /// <summary>io_read_bytes → ioReadBytes: SMI labels have no underscores.</summary>
    private static string CamelCase(string rctlName)
    {
        string[] parts = rctlName.Split('_');
        return parts[0] + string.Concat(parts.Skip(1).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
    }
}
