using Xunit;

namespace JailMetrics.Testing;

/// <summary>
/// Checks that live tests need. A missing prerequisite is a test failure, not a skip: a skipped
/// live test looks green in CI while proving nothing.
/// </summary>
public static class Prerequisites
{
    // Commands the tests run, and the Debian package that ships each.
    private static readonly Dictionary<string, string> DebianPackages = new(StringComparer.Ordinal)
    {
        ["unshare"] = "util-linux",
        ["nsenter"] = "util-linux",
        ["ip"] = "iproute2",
        ["gcc"] = "gcc",
        ["clang"] = "clang",
        ["sh"] = "dash",
        ["snmpget"] = "snmp",
        ["snmpwalk"] = "snmp",
        ["snmpbulkwalk"] = "snmp",
        ["snmptable"] = "snmp",
        ["snmpd"] = "snmpd",
        ["snmptrapd"] = "snmptrapd",
        ["smilint"] = "smitools",
        ["prometheus"] = "prometheus",
        ["promtool"] = "prometheus",
        ["prometheus-node-exporter"] = "prometheus-node-exporter",
        ["prometheus-alertmanager"] = "prometheus-alertmanager",
        ["tmux"] = "tmux",
        ["htpasswd"] = "apache2-utils",
        ["prometheus-snmp-exporter"] = "prometheus-snmp-exporter",
        ["prometheus-snmp-generator"] = "prometheus-snmp-exporter",
        ["mandoc"] = "mandoc",
        ["systemd-analyze"] = "systemd",
    };

    // Root's tools live in sbin, which a test runner's PATH does not always include.
    private static readonly string[] SystemDirectories = ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"];

    /// <summary>Fails the calling test unless the process runs with effective uid 0.</summary>
    public static void RequireRoot()
    {
        int uid = EffectiveUid();
        if (uid != 0)
        {
            Assert.Fail(
                $"This test creates namespaces, cgroups and network interfaces and must run as root (uid 0), " +
                $"but the effective uid is {uid}. Run the tests as root, e.g. `sudo dotnet test`.");
        }
    }

    /// <summary>The full path of the executable <paramref name="name"/>; fails the calling test, naming the Debian package to install, when it is missing.</summary>
    public static string RequireCommand(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        string? path = FindExecutable(name);
        if (path is not null) return path;

        string advice = DebianPackages.TryGetValue(name, out string? package)
            ? $"install Debian package {package} (apt-get install {package})"
            : $"install the Debian package that provides it (apt-file search bin/{name})";
        Assert.Fail($"Required command '{name}' was not found on PATH or in the system directories: {advice}.");
        return ""; // not reached: Assert.Fail throws
    }

    private static string? FindExecutable(string name)
    {
        if (name.Contains('/')) return IsExecutableFile(name) ? Path.GetFullPath(name) : null;

        IEnumerable<string> pathDirectories = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(':', StringSplitOptions.RemoveEmptyEntries);
        return pathDirectories.Concat(SystemDirectories)
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(IsExecutableFile);
    }

    private static bool IsExecutableFile(string path)
    {
        const UnixFileMode anyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        if (!File.Exists(path)) return false;
        return OperatingSystem.IsWindows() || (File.GetUnixFileMode(path) & anyExecute) != 0; // Windows has no execute bits
    }

    // The "Uid:" line of /proc/self/status holds real, effective, saved and filesystem uids.
    private static int EffectiveUid()
    {
        string uidLine = File.ReadLines("/proc/self/status").First(line => line.StartsWith("Uid:", StringComparison.Ordinal));
        string[] uids = uidLine.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        return int.Parse(uids[2], System.Globalization.CultureInfo.InvariantCulture);
    }
}
