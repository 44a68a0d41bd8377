using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using JailMetrics.Snmp.AgentX;
using JailMetrics.Snmp.Mib;
using JailMetrics.Testing;

using JailMetrics.Snmp.Tests.Support;
using JailMetrics.Testing.NetSnmp;

namespace JailMetrics.Snmp.Tests.AgentX;

/// <summary>
/// The sub-agent under a real AgentX master: Debian's net-snmp snmpd, queried with snmpget, snmpwalk
/// and snmpbulkwalk. A missing snmpd or tool fails the test rather than skipping it.
/// </summary>
public sealed class NetSnmpMasterTests
{
    private static readonly TimeSpan RegisterTimeout = TimeSpan.FromSeconds(30);
    private static readonly Oid Root = TestViews.Root;

    private readonly string _snmpd = Prerequisites.RequireCommand("snmpd");

    [Fact]
    public async Task Net_snmp_serves_exactly_the_view_and_the_subagent_reregisters_after_the_master_restarts()
    {
        string directory = Directory.CreateTempSubdirectory("jm-agentx-").FullName;
        string socket = "unix:" + Path.Combine(directory, "agentx.sock");
        int snmpPort = NetSnmpd.FreeUdpPort();
        int trapPort = NetSnmpd.FreeUdpPort();
        var views = new SwappableViewProvider(TestViews.Sample());
        NetSnmpd? master = null;
        AgentXSubagent? subagent = null;
        try
        {
            master = await NetSnmpd.StartAsync(_snmpd, directory, snmpPort, socket, trapPort);
            subagent = TestViews.Subagent(socket, views, o =>
            {
                o.Timeout = TimeSpan.FromSeconds(2);
                o.PingInterval = TimeSpan.FromSeconds(2);
                o.ReconnectMin = TimeSpan.FromMilliseconds(100);
                o.ReconnectMax = TimeSpan.FromSeconds(1);
            });
            await subagent.StartAsync(CancellationToken.None);
            await WaitRegisteredAsync(subagent, master);

            await AssertNetSnmpServesAsync(views.Current, snmpPort, master);

            // The master dies (SIGKILL: no Close, a stale socket file) and comes back on the same socket.
            master.Dispose();
            await WaitUntilAsync(() => subagent.State != AgentXState.Registered, "the sub-agent never noticed the master died");
            views.Current = TestViews.Sample(generation: 3);
            master = await NetSnmpd.StartAsync(_snmpd, directory, snmpPort, socket, trapPort);
            await WaitRegisteredAsync(subagent, master);

            await AssertNetSnmpServesAsync(views.Current, snmpPort, master);
        }
        finally
        {
            await CleanUpAsync(subagent, master, directory);
        }
    }

    [Fact]
    public async Task Net_snmp_serves_the_view_over_agentx_on_tcp()
    {
        string directory = Directory.CreateTempSubdirectory("jm-agentx-").FullName;
        string address = $"tcp:127.0.0.1:{NetSnmpd.FreeTcpPort()}";
        int snmpPort = NetSnmpd.FreeUdpPort();
        var views = new SwappableViewProvider(TestViews.Sample());
        NetSnmpd? master = null;
        AgentXSubagent? subagent = null;
        try
        {
            master = await NetSnmpd.StartAsync(_snmpd, directory, snmpPort, address, NetSnmpd.FreeUdpPort());
            subagent = TestViews.Subagent(address, views);
            await subagent.StartAsync(CancellationToken.None);
            await WaitRegisteredAsync(subagent, master);

            await AssertNetSnmpServesAsync(views.Current, snmpPort, master);
        }
        finally
        {
            await CleanUpAsync(subagent, master, directory);
        }
    }

    [Fact]
    public async Task A_notify_reaches_the_masters_trap_sink()
    {
        string directory = Directory.CreateTempSubdirectory("jm-agentx-").FullName;
        string socket = "unix:" + Path.Combine(directory, "agentx.sock");
        int snmpPort = NetSnmpd.FreeUdpPort();
        using var sink = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        int trapPort = ((IPEndPoint)sink.Client.LocalEndPoint!).Port;
        NetSnmpd? master = null;
        AgentXSubagent? subagent = null;
        try
        {
            master = await NetSnmpd.StartAsync(_snmpd, directory, snmpPort, socket, trapPort);
            subagent = TestViews.Subagent(socket, new SwappableViewProvider(TestViews.Sample()));
            await subagent.StartAsync(CancellationToken.None);
            await WaitRegisteredAsync(subagent, master);

            var trapOid = Root.Append(0, 1);
            await subagent.NotifyAsync(
                [
                    (AgentXSubagent.SnmpTrapOidInstance, SnmpValue.ObjectIdentifier(trapOid)),
                    (Root.Append(2, 1, 2, 2, 100, 98), SnmpValue.OctetString("breach-in-db")),
                ],
                CancellationToken.None);

            // net-snmp sends its own coldStart trap too: look for the datagram that carries ours.
            // BER of 1.3.6.1.4.1.32473.0.1 (X.690 §8.19: 1.3 → 0x2b, 32473 → 81 fd 59).
            byte[] trapOidBer = [0x06, 0x0a, 0x2b, 0x06, 0x01, 0x04, 0x01, 0x81, 0xfd, 0x59, 0x00, 0x01];
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            while (true)
            {
                var datagram = await sink.ReceiveAsync(timeout.Token);
                if (datagram.Buffer.AsSpan().IndexOf(trapOidBer) < 0) continue;
                Assert.True(datagram.Buffer.AsSpan().IndexOf("breach-in-db"u8) >= 0, "the trap lacks the notification's object");
                break;
            }
        }
        finally
        {
            await CleanUpAsync(subagent, master, directory);
        }
    }

    /// <summary>Stops the sub-agent, kills snmpd and removes the temp directory, whatever state the test left them in.</summary>
    private static async Task CleanUpAsync(AgentXSubagent? subagent, NetSnmpd? master, string directory)
    {
        try
        {
            if (subagent is not null)
            {
                using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await subagent.StopAsync(stop.Token);
                subagent.Dispose();
            }
        }
        finally
        {
            master?.Dispose();
            Directory.Delete(directory, recursive: true);
        }
    }

    private async Task AssertNetSnmpServesAsync(MibView view, int port, NetSnmpd master)
    {
        string agent = $"udp:127.0.0.1:{port}";
        string[] expected = view.Entries.Select(e => $".{e.Key} = {NetSnmpText(e.Value)}").ToArray();

        var walk = await NetSnmpTool.RunAsync("snmpwalk", "-v2c", "-c", "public", "-On", "-Ot", agent, Root.ToString());
        Assert.True(walk.ExitCode == 0, $"snmpwalk failed: {walk.Error}\nsnmpd:\n{master.Output}");
        Assert.Equal(expected, Lines(walk.Output));

        var bulk = await NetSnmpTool.RunAsync("snmpbulkwalk", "-v2c", "-c", "public", "-On", "-Ot", "-Cr3", agent, Root.ToString());
        Assert.True(bulk.ExitCode == 0, $"snmpbulkwalk failed: {bulk.Error}\nsnmpd:\n{master.Output}");
        Assert.Equal(expected, Lines(bulk.Output));

        var instance = Root.Append(1, 1, 0);
        var missingInstance = Root.Append(2, 1, 2, 9);
        var missingObject = Root.Append(1, 99, 0);
        var get = await NetSnmpTool.RunAsync("snmpget", "-v2c", "-c", "public", "-On", "-Ot", agent, instance.ToString(), missingInstance.ToString(), missingObject.ToString());
        Assert.True(get.ExitCode == 0, $"snmpget failed: {get.Error}\nsnmpd:\n{master.Output}");
        Assert.Equal(
            [
                $".{instance} = {NetSnmpText(view.Get(instance))}",
                $".{missingInstance} = No Such Instance currently exists at this OID",
                $".{missingObject} = No Such Object available on this agent at this OID",
            ],
            Lines(get.Output));

        var set = await NetSnmpTool.RunAsync("snmpset", "-v2c", "-c", "private", "-On", agent, instance.ToString(), "i", "5");
        Assert.NotEqual(0, set.ExitCode);
        Assert.Contains("notWritable", set.Error, StringComparison.Ordinal);
    }

    /// <summary>A value as net-snmp's tools print it with -On -Ot and no MIBs loaded.</summary>
    private static string NetSnmpText(SnmpValue value) => value.Type switch
    {
        SnmpType.Integer => $"INTEGER: {value.Number.ToString(CultureInfo.InvariantCulture)}",
        SnmpType.OctetString => $"STRING: \"{Encoding.UTF8.GetString(value.Bytes!)}\"",
        SnmpType.Counter32 => $"Counter32: {value.Number.ToString(CultureInfo.InvariantCulture)}",
        SnmpType.Gauge32 => $"Gauge32: {value.Number.ToString(CultureInfo.InvariantCulture)}",
        SnmpType.TimeTicks => value.Number.ToString(CultureInfo.InvariantCulture), // -Ot: the raw hundredths, no type tag
        SnmpType.Counter64 => $"Counter64: {value.Unsigned64.ToString(CultureInfo.InvariantCulture)}",
        SnmpType.IpAddress => $"IpAddress: {string.Join('.', value.Bytes!)}",
        SnmpType.ObjectIdentifier => $"OID: .{value.ObjectId}",
        _ => throw new ArgumentException($"no net-snmp rendering for {value.Type} in this test", nameof(value)),
    };

    private static string[] Lines(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static async Task WaitRegisteredAsync(AgentXSubagent subagent, NetSnmpd master)
    {
        using var timeout = new CancellationTokenSource(RegisterTimeout);
        try
        {
            await subagent.WaitForRegisteredAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"the sub-agent did not register within {RegisterTimeout} (state {subagent.State}); snmpd:\n{master.Output}");
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string failure)
    {
        var deadline = DateTime.UtcNow + RegisterTimeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, failure);
            await Task.Delay(20);
        }
    }
}
