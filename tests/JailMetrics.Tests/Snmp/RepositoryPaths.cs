namespace JailMetrics.Tests.Snmp;

/// <summary>
/// Where the MIBs are, found from the test binaries: the repository's <c>mibs/</c>, and the IETF
/// modules in <c>../shared/mibs/ietf</c> beside the clone (where CI checks the repository out).
/// </summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Mibs => Path.Combine(Root, "mibs");

    public static string JailMetricsMib => Path.Combine(Mibs, "JAILMETRICS-MIB.txt");

    public static string IetfMibs
    {
        get
        {
            string path = Path.GetFullPath(Path.Combine(Root, "..", "shared", "mibs", "ietf"));
            Assert.True(File.Exists(Path.Combine(path, "SNMPv2-SMI.txt")),
                $"the IETF MIB modules are not at {path} (../shared/mibs/ietf beside the repository)");
            return path;
        }
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            if (File.Exists(Path.Combine(directory.FullName, "JailMetrics.sln"))) return directory.FullName;
        throw new InvalidOperationException($"no JailMetrics.sln above {AppContext.BaseDirectory}");
    }
}
