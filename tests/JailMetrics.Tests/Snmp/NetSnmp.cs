using System.Net;
using System.Net.Sockets;

namespace JailMetrics.Tests.Snmp;

/// <summary>The net-snmp command-line tools (Debian package snmp) pointed at one agent.</summary>
public sealed class NetSnmp(int port)
{
    public string Target { get; } = $"udp:127.0.0.1:{port}";

    /// <summary>Runs <paramref name="tool"/> with <paramref name="options"/>, then the target, then <paramref name="oids"/>.</summary>
    public ToolResult Run(string tool, IEnumerable<string> options, params string[] oids) =>
        ExternalTool.Run(tool, [.. options, Target, .. oids]);

    /// <summary>Like <see cref="Run"/>, and fails the test unless the tool exited 0.</summary>
    public string Output(string tool, IEnumerable<string> options, params string[] oids)
    {
        var result = Run(tool, options, oids);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.Stdout;
    }

    /// <summary>The net-snmp options that load JAILMETRICS-MIB: the repository's mibs/ and the IETF modules beside it.</summary>
    public static string[] WithJailMetricsMib => ["-m", "+JAILMETRICS-MIB", "-M", $"+{RepositoryPaths.Mibs}:{RepositoryPaths.IetfMibs}"];

    /// <summary>A UDP port nobody is bound to right now.</summary>
    public static int FreeUdpPort()
    {
        using var socket = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.Client.LocalEndPoint!).Port;
    }

    /// <summary>Lines of <c>-On -Oq</c> output (<c>.1.3.6… value</c>) as OID → value, quotes stripped.</summary>
    public static Dictionary<string, string> ParseQuick(string output)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            int space = line.IndexOf(' ', StringComparison.Ordinal);
            string value = space < 0 ? "" : line[(space + 1)..];
            values[space < 0 ? line : line[..space]] = value.Length >= 2 && value[0] == '"' && value[^1] == '"' ? value[1..^1] : value;
        }
        return values;
    }
}
