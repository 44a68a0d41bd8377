using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

using Xunit;

namespace JailMetrics.Testing.NetSnmp;

/// <summary>
/// A real net-snmp snmpd acting as AgentX master for a test: its own config in a temp directory,
/// SNMP on a loopback UDP port, AgentX on a unix socket. Runs in the foreground (-f) with its log on
/// stdout (-Lo), ignoring the system's config files (-C). <see cref="Dispose"/> kills it.
/// </summary>
public sealed class NetSnmpd : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);

    private readonly Process _process;
    private readonly StringBuilder _output;

    private NetSnmpd(Process process, StringBuilder output)
    {
        _process = process;
        _output = output;
    }

    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    public int ProcessId => _process.Id;

    /// <summary>Writes the config and starts snmpd; returns once it has finished initialising.</summary>
    /// <param name="agentXAddress">net-snmp's agentXSocket syntax, which AgentXOptions.Master also accepts: "unix:/path" or "tcp:127.0.0.1:port".</param>
    public static async Task<NetSnmpd> StartAsync(string snmpdPath, string directory, int udpPort, string agentXAddress, int trapPort)
    {
        string config = Path.Combine(directory, "snmpd.conf");
        await File.WriteAllTextAsync(config, $"""
            master agentx
            agentXSocket {agentXAddress}
            agentXTimeout 2
            rocommunity public 127.0.0.1
            rwcommunity private 127.0.0.1
            trap2sink udp:127.0.0.1:{trapPort} public
            """);
        string persistent = Path.Combine(directory, "persist");
        Directory.CreateDirectory(persistent);

        var start = new ProcessStartInfo(snmpdPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[] { "-f", "-Lo", "-C", "-c", config, $"udp:127.0.0.1:{udpPort}" }) start.ArgumentList.Add(argument);
        start.Environment["SNMP_PERSISTENT_DIR"] = persistent;
        start.Environment["MIBS"] = ""; // load no MIB modules: we print OIDs numerically anyway

        var output = new StringBuilder();
        var process = new Process { StartInfo = start };
        void Collect(object sender, DataReceivedEventArgs e)
        {
            if (e.Data is null) return;
            lock (output) output.AppendLine(e.Data);
        }
        process.OutputDataReceived += Collect;
        process.ErrorDataReceived += Collect;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var snmpd = new NetSnmpd(process, output);

        // snmpd prints its version once initialisation (including the AgentX socket) is done.
        var deadline = DateTime.UtcNow + StartTimeout;
        while (!snmpd.Output.Contains("NET-SNMP version", StringComparison.Ordinal))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                snmpd.Dispose();
                Assert.Fail($"snmpd did not start (exited: {process.HasExited}); its output:\n{snmpd.Output}");
            }
            await Task.Delay(20);
        }
        return snmpd;
    }

    /// <summary>A UDP port on loopback that nothing uses right now.</summary>
    public static int FreeUdpPort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    /// <summary>A TCP port on loopback that nothing listens on right now.</summary>
    public static int FreeTcpPort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // it exited between the check and the kill
        }
        _process.Dispose();
    }
}
