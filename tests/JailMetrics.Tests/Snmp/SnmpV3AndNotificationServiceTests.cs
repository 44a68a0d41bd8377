using JailMetrics.Service.Snmp;
using JailMetrics.Testing;
using JailMetrics.Testing.NetSnmp;
using JailMetrics.Tests.Support;

namespace JailMetrics.Tests.Snmp;

/// <summary>
/// Issue 5 through the real service, configured as an operator would (environment variables):
/// an SNMPv3 authPriv user walks the jail table with net-snmp, and a real snmptrapd receives
/// coldStart at start and jmJailStarted / jmJailStopped as a sandbox jail comes and goes.
/// </summary>
public sealed class SnmpV3AndNotificationServiceTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly string _stateDirectory = Directory.CreateTempSubdirectory("jailmetrics-v3-").FullName;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public void Dispose()
    {
        _http.Dispose();
        Directory.Delete(_stateDirectory, recursive: true);
    }

    [Fact]
    public async Task A_v3_user_walks_the_jail_table_and_snmptrapd_hears_coldstart_and_jails_starting_and_stopping()
    {
        Prerequisites.RequireRoot();
        await using var trapd = await Snmptrapd.StartAsync("authCommunity log public");
        int webPort = ServiceProcess.FreePort();
        int snmpPort = NetSnmp.FreeUdpPort();
        using var service = ServiceProcess.Start(
            ["--web.listen-address", $"127.0.0.1:{webPort}", "--state.directory", _stateDirectory,
             "--sampling.interval", "1s", "--snmp.listen-address", $"127.0.0.1:{snmpPort}"],
            new Dictionary<string, string>
            {
                ["JAILMETRICS_Snmp__Users__0__Name"] = "ops",
                ["JAILMETRICS_Snmp__Users__0__AuthProtocol"] = "SHA-256",
                ["JAILMETRICS_Snmp__Users__0__AuthPassword"] = "auth-secret-1",
                ["JAILMETRICS_Snmp__Users__0__PrivProtocol"] = "AES",
                ["JAILMETRICS_Snmp__Users__0__PrivPasswordEnv"] = "JM_TEST_PRIV", // read from the environment
                ["JM_TEST_PRIV"] = "priv-secret-1",
                ["JAILMETRICS_Snmp__Users__0__SecurityLevel"] = "authPriv",
                // A second user whose view leaves out JAILMETRICS-MIB: it must see nothing of the jail table.
                ["JAILMETRICS_Snmp__Users__1__Name"] = "outsider",
                ["JAILMETRICS_Snmp__Users__1__AuthProtocol"] = "SHA",
                ["JAILMETRICS_Snmp__Users__1__AuthPassword"] = "outsider-secret",
                ["JAILMETRICS_Snmp__Users__1__SecurityLevel"] = "authNoPriv",
                ["JAILMETRICS_Snmp__Users__1__View"] = "system-only",
                ["JAILMETRICS_Snmp__Views__0__Name"] = "system-only",
                ["JAILMETRICS_Snmp__Views__0__Include__0"] = "1.3.6.1.2.1.1",
                ["JAILMETRICS_Notifications__Targets__0__Name"] = "trapd",
                ["JAILMETRICS_Notifications__Targets__0__Address"] = trapd.Address,
                ["JAILMETRICS_Notifications__Targets__0__Version"] = "2c",
                ["JAILMETRICS_Notifications__Targets__0__Community"] = "public",
            });
        await service.WaitUntilServingAsync(_http, $"http://127.0.0.1:{webPort}/metrics", Patience);
        await trapd.WaitForAsync(n => n.TrapOid == ".1.3.6.1.6.3.1.1.5.1", Patience); // coldStart

        var client = new NetSnmp(snmpPort);
        string names = client.Output("snmpwalk",
            ["-v3", "-l", "authPriv", "-u", "ops", "-a", "SHA-256", "-A", "auth-secret-1", "-x", "AES", "-X", "priv-secret-1", "-On", "-Oq"],
            JailMetricsMib.JailEntry.Append(2).ToString());
        Assert.Contains("\"host\"", names);

        var outsider = new[] { "-v3", "-l", "authNoPriv", "-u", "outsider", "-a", "SHA", "-A", "outsider-secret", "-On", "-Oq" };
        string hidden = client.Output("snmpwalk", outsider, JailMetricsMib.Root.ToString());
        Assert.DoesNotContain(".1.3.6.1.4.1.32473.", hidden);
        Assert.Contains("No Such Object", client.Output("snmpget", outsider, JailMetricsMib.JailEntry.Append(2, 1).ToString()));
        Assert.Contains(".1.3.6.1.2.1.1.5.0", client.Output("snmpwalk", outsider, "1.3.6.1.2.1.1")); // but its own view works
        var wrong = client.Run("snmpget",
            ["-v3", "-l", "authPriv", "-u", "ops", "-a", "SHA-256", "-A", "wrong-secret-1", "-x", "AES", "-X", "priv-secret-1", "-t", "1", "-r", "0"],
            "1.3.6.1.2.1.1.5.0");
        Assert.NotEqual(0, wrong.ExitCode);
        Assert.DoesNotContain("auth-secret-1", service.StandardError + service.StandardOutput); // passwords are never logged

        string started = "." + JailMetricsMib.Notification.JailStarted;
        string stopped = "." + JailMetricsMib.Notification.JailStopped;
        string jailName;
        using (var sandbox = Sandbox.Start(new SandboxOptions { Processes = 1, Network = false }))
        {
            jailName = sandbox.Name;
            var up = await trapd.WaitForAsync(n => n.TrapOid == started && n.VarBinds.Any(v => v.Contains($"\"{sandbox.Name}\"", StringComparison.Ordinal)), Patience);
            Assert.Contains(up.VarBinds, v => v.Contains($"= Gauge32: {(uint)sandbox.PidNamespaceInode}", StringComparison.Ordinal));
        }
        await trapd.WaitForAsync(n => n.TrapOid == stopped && n.VarBinds.Any(v => v.Contains($"\"{jailName}\"", StringComparison.Ordinal)), Patience);
    }
}
