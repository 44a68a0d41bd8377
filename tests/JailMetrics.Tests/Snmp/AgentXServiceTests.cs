using JailMetrics.Service.Snmp;
using JailMetrics.Testing;
using JailMetrics.Testing.NetSnmp;
using JailMetrics.Tests.Support;

namespace JailMetrics.Tests.Snmp;

/// <summary>
/// The service as an AgentX sub-agent of a real net-snmp snmpd (Debian snmpd, `master agentx`), with
/// its own UDP agent off: snmpwalk asks snmpd, snmpd asks us. Killing snmpd and starting it again on
/// the same socket, the service re-registers by itself. Its notifications go out through the master:
/// a jail that starts reaches snmpd's trap sink (a real snmptrapd) as jmJailStarted.
/// </summary>
public sealed class AgentXServiceTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly string _directory = Directory.CreateTempSubdirectory("jailmetrics-agentx-").FullName;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public void Dispose()
    {
        _http.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Snmpd_serves_the_jail_table_through_agentx_and_the_service_reregisters_after_snmpd_restarts()
    {
        Prerequisites.RequireRoot();
        string snmpdPath = Prerequisites.RequireCommand("snmpd");
        await using var trapd = await Snmptrapd.StartAsync("authCommunity log public");
        int snmpPort = NetSnmp.FreeUdpPort();
        string socket = Path.Combine(_directory, "agentx.sock");
        var client = new NetSnmp(snmpPort);
        string jailNames = JailMetricsMib.JailEntry.Append(2).ToString(); // jmJailName

        var snmpd = await NetSnmpd.StartAsync(snmpdPath, _directory, snmpPort, $"unix:{socket}", trapd.Port);
        int webPort = ServiceProcess.FreePort();
        using var service = ServiceProcess.Start(
        [
            "--web.listen-address", $"127.0.0.1:{webPort}", "--state.directory", Path.Combine(_directory, "state"),
            "--snmp.enabled", "false", "--agentx.enabled", "true", "--agentx.master", $"unix:{socket}", "--sampling.interval", "1s",
        ]);
        try
        {
            await service.WaitUntilServingAsync(_http, $"http://127.0.0.1:{webPort}/metrics", Patience);
            var names = await WalkUntilAsync(client, jailNames, service);
            Assert.Contains("host", names.Values);

            snmpd.Dispose();
            Assert.Empty(NetSnmp.ParseQuick(client.Run("snmpwalk", ["-v2c", "-c", "public", "-On", "-Oq", "-t", "1", "-r", "0"], jailNames).Stdout));
            snmpd = await NetSnmpd.StartAsync(snmpdPath, _directory, snmpPort, $"unix:{socket}", trapd.Port);

            // Other tests' sandboxes come and go meanwhile, so compare the host's row, which always exists.
            var again = await WalkUntilAsync(client, jailNames, service);
            string hostRow = $".{jailNames}.1";
            Assert.Equal("host", names[hostRow]);
            Assert.Equal("host", again[hostRow]);

            using var sandbox = Sandbox.Start(new SandboxOptions { Processes = 1, Network = false });
            string started = "." + JailMetricsMib.Notification.JailStarted;
            await trapd.WaitForAsync(n => n.TrapOid == started && n.VarBinds.Any(v => v.Contains($"\"{sandbox.Name}\"", StringComparison.Ordinal)), Patience);
        }
        finally
        {
            snmpd.Dispose();
        }
    }

    /// <summary>Walks <paramref name="column"/> through snmpd until our rows show up (the sub-agent has registered).</summary>
    private static async Task<Dictionary<string, string>> WalkUntilAsync(NetSnmp client, string column, ServiceProcess service)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            var rows = NetSnmp.ParseQuick(client.Run("snmpwalk", ["-v2c", "-c", "public", "-On", "-Oq", "-t", "1", "-r", "0"], column).Stdout);
            rows = rows.Where(r => r.Key.StartsWith("." + column + ".", StringComparison.Ordinal)).ToDictionary();
            if (rows.Count > 0) return rows;
            await Task.Delay(500);
        }
        Assert.Fail($"snmpd never served {column} through AgentX within {Patience}; service log:\n{service.StandardError}");
        return [];
    }
}
