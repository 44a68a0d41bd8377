using System.Xml.Linq;

namespace JailMetrics.Tests.Snmp;

/// <summary>smilint and smidump (smitools) on JAILMETRICS-MIB, resolving imports from the IETF modules.</summary>
public static class SmiTools
{
    private static IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["SMIPATH"] = $"{RepositoryPaths.Mibs}:{RepositoryPaths.IetfMibs}",
    };

    /// <summary><c>smilint -l 6 -s</c>: the strictest level, with the severity of every message.</summary>
    public static ToolResult Lint(string mibFile) => ExternalTool.Run("smilint", ["-l", "6", "-s", mibFile], Environment);

    /// <summary>The module as smidump's XML: the &lt;smi&gt; element, holding the module header, its types, nodes and notifications.</summary>
    public static XElement DumpXml(string mibFile)
    {
        var result = ExternalTool.Run("smidump", ["-f", "xml", mibFile], Environment);
        Assert.True(result.ExitCode == 0, result.ToString());
        return XDocument.Parse(result.Stdout).Root!;
    }
}
