using System.Net.Sockets;
using JailMetrics.Snmp.Agent;
using JailMetrics.Snmp.Mib;
using JailMetrics.Snmp.Protocol;
using JailMetrics.Snmp.Protocol.V3;
using JailMetrics.Snmp.Security;
using JailMetrics.Snmp.Tests.Support;
using static JailMetrics.Snmp.Tests.Support.TestViews;

namespace JailMetrics.Snmp.Tests.V3;

/// <summary>
/// SNMPv3 against net-snmp 5.9.3's manager tools over UDP (reference/snmp.md §4.3): a walk for every
/// authentication × privacy pair the tools offer, authNoPriv and noAuthNoPriv users, the USM error
/// Reports as the tools see them, a user view, and snmpEngineBoots across agent restarts.
/// </summary>
public sealed class NetSnmpV3Tests : IAsyncLifetime
{
    private const string AuthPassword = V3TestAgent.AuthPassword;
    private const string PrivPassword = V3TestAgent.PrivPassword;

    public static readonly string[] AuthNames = ["MD5", "SHA", "SHA-224", "SHA-256", "SHA-384", "SHA-512"];
    public static readonly string[] PrivNames = ["DES", "AES", "AES-192", "AES-256"];

    private readonly DirectoryInfo _state = Directory.CreateTempSubdirectory("jm-v3-interop-");
    private RunningAgent _agent = null!;

    public static TheoryData<string, string> Pairs()
    {
        var pairs = new TheoryData<string, string>();
        foreach (string auth in AuthNames)
            foreach (string priv in PrivNames) pairs.Add(auth, priv);
        return pairs;
    }

    public static TheoryData<string> Auths() => [.. AuthNames];

    private static string PrivUser(string auth, string priv) => $"{auth}-{priv}".ToLowerInvariant();

    private static string AuthUser(string auth) => $"{auth}-auth".ToLowerInvariant();

    public static List<UsmUserOptions> Users()
    {
        var users = new List<UsmUserOptions>();
        foreach (string auth in AuthNames)
        {
            foreach (string priv in PrivNames)
                users.Add(new() { Name = PrivUser(auth, priv), AuthProtocol = auth, AuthPassword = AuthPassword, PrivProtocol = priv, PrivPassword = PrivPassword });
            users.Add(new() { Name = AuthUser(auth), AuthProtocol = auth, AuthPassword = AuthPassword });
        }
        users.Add(new() { Name = "noauth" });
        users.Add(new() { Name = "limited", AuthProtocol = "SHA-256", AuthPassword = AuthPassword, PrivProtocol = "AES", PrivPassword = PrivPassword, View = "limited" });
        return users;
    }

    public async Task InitializeAsync() => _agent = await Start();

    public async Task DisposeAsync()
    {
        await _agent.DisposeAsync();
        _state.Delete(recursive: true);
    }

    private Task<RunningAgent> Start() => RunningAgent.StartAsync(Jails(), options =>
    {
        options.StateDirectory = _state.FullName;
        options.Users = Users();
        options.Views = V3TestAgent.StandardViews();
    });

    private SnmpEngine Engine => _agent.Agent.Engine!;

    private static string Dotted(Oid oid) => "." + oid;

    private static string[] AuthPrivArgs(string user, string auth, string priv) =>
        ["-v3", "-l", "authPriv", "-u", user, "-a", auth, "-A", AuthPassword, "-x", priv, "-X", PrivPassword, "-On"];

    [Theory]
    [MemberData(nameof(Pairs))]
    public async Task Snmpwalk_authPriv_returns_exactly_the_view(string auth, string priv)
    {
        var result = await NetSnmpTool.RunAsync("snmpwalk", [.. AuthPrivArgs(PrivUser(auth, priv), auth, priv), _agent.Target, Dotted(Root)]);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(NetSnmpFormat.Walk(_agent.View, Root).ToArray(), result.Lines);
    }

    [Fact]
    public async Task Snmpbulkwalk_authPriv_over_ipv6_returns_exactly_the_view()
    {
        var result = await NetSnmpTool.RunAsync("snmpbulkwalk", [.. AuthPrivArgs("sha-256-aes", "SHA-256", "AES"), "-Cr25", _agent.Target6, Dotted(Root)]);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(NetSnmpFormat.Walk(_agent.View, Root).ToArray(), result.Lines);
    }

    [Theory]
    [MemberData(nameof(Auths))]
    public async Task Snmpwalk_authNoPriv_returns_exactly_the_view(string auth)
    {
        var result = await NetSnmpTool.RunAsync("snmpwalk", "-v3", "-l", "authNoPriv", "-u", AuthUser(auth), "-a", auth, "-A", AuthPassword, "-On",
            _agent.Target, Dotted(Root));
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(NetSnmpFormat.Walk(_agent.View, Root).ToArray(), result.Lines);
    }

    [Fact]
    public async Task Snmpwalk_noAuthNoPriv_returns_exactly_the_view()
    {
        var result = await NetSnmpTool.RunAsync("snmpwalk", "-v3", "-l", "noAuthNoPriv", "-u", "noauth", "-On", _agent.Target, Dotted(Root));
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(NetSnmpFormat.Walk(_agent.View, Root).ToArray(), result.Lines);
    }

    [Fact]
    public async Task A_wrong_password_fails_with_authentication_failure_and_counts_a_wrong_digest()
    {
        uint before = Engine.UsmStats.Get(UsmStatsCounter.WrongDigests);
        var result = await NetSnmpTool.RunAsync("snmpget", "-v3", "-l", "authPriv", "-u", "sha-aes", "-a", "SHA", "-A", "not-the-password",
            "-x", "AES", "-X", PrivPassword, "-On", "-r", "0", _agent.Target, Dotted(Scalar));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Authentication failure", result.Error + result.Output);
        Assert.DoesNotContain("INTEGER", result.Output);
        Assert.Equal(before + 1, Engine.UsmStats.Get(UsmStatsCounter.WrongDigests));
    }

    [Fact]
    public async Task An_unknown_user_fails_with_unknown_user_name_and_counts_it()
    {
        uint before = Engine.UsmStats.Get(UsmStatsCounter.UnknownUserNames);
        var result = await NetSnmpTool.RunAsync("snmpget", "-v3", "-l", "authNoPriv", "-u", "mallory", "-a", "SHA", "-A", AuthPassword, "-On", "-r", "0",
            _agent.Target, Dotted(Scalar));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Unknown user name", result.Error + result.Output);
        Assert.DoesNotContain("INTEGER", result.Output);
        Assert.Equal(before + 1, Engine.UsmStats.Get(UsmStatsCounter.UnknownUserNames));
    }

    [Fact]
    public async Task The_usm_counters_are_readable_over_snmpv3()
    {
        await NetSnmpTool.RunAsync("snmpget", "-v3", "-l", "authNoPriv", "-u", "mallory", "-a", "SHA", "-A", AuthPassword, "-r", "0", _agent.Target, Dotted(Scalar));
        uint unknownUsers = Engine.UsmStats.Get(UsmStatsCounter.UnknownUserNames);
        Assert.True(unknownUsers >= 1);
        var instance = UsmStats.InstanceOf(UsmStatsCounter.UnknownUserNames);
        var result = await NetSnmpTool.RunAsync("snmpget", [.. AuthPrivArgs("sha-aes", "SHA", "AES"), _agent.Target, Dotted(instance)]);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal([NetSnmpFormat.Line(instance, SnmpValue.Counter32(unknownUsers))], result.Lines);
    }

    [Fact]
    public async Task A_stale_request_gets_an_authenticated_notInTimeWindows_report_and_no_data()
    {
        // snmpget resynchronizes from such a Report and retries, so the stale request is made here,
        // as net-snmp would make it but 1000 s old (reference §1.8 F), and sent over UDP.
        var user = UsmUserStore.FromOptions(Users(), new AccessViews(V3TestAgent.StandardViews()))
            .Users.Single(u => u.Name == "sha-256-aes-256");
        var manager = new V3TestManager(user);
        var now = Engine.Now();
        byte[] request = manager.Request(SecurityLevel.AuthPriv, Engine.EngineId, new EngineClock(now.Boots, now.Time + 1000),
            PduType.GetRequest, [Scalar], messageId: 9001, requestId: 4711);
        uint before = Engine.UsmStats.Get(UsmStatsCounter.NotInTimeWindows);

        using var client = new UdpClient(System.Net.Sockets.AddressFamily.InterNetwork);
        await client.SendAsync(request, _agent.Agent.BoundEndpoints[0]);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var reply = await client.ReceiveAsync(timeout.Token);

        var report = manager.Open(reply.Buffer); // authenticated with the user's key
        Assert.Equal(9001, report.Message.MessageId);
        Assert.Equal(SecurityLevel.AuthNoPriv, report.Level);
        Assert.Equal(before + 1, report.ReportOf(UsmStats.InstanceOf(UsmStatsCounter.NotInTimeWindows)));
        Assert.Equal(before + 1, Engine.UsmStats.Get(UsmStatsCounter.NotInTimeWindows));
        Assert.Equal(now.Boots, report.Usm.AuthoritativeEngineBoots);
        Assert.InRange(report.Usm.AuthoritativeEngineTime, now.Time, now.Time + 5);
    }

    [Fact]
    public async Task A_stale_request_from_snmpget_is_resynchronized_by_the_report()
    {
        // -Z boots,time: net-snmp sends with the given (stale) values, takes our authenticated
        // notInTimeWindows Report, adopts its boots and time and retries successfully.
        uint before = Engine.UsmStats.Get(UsmStatsCounter.NotInTimeWindows);
        var now = Engine.Now();
        var result = await NetSnmpTool.RunAsync("snmpget", [.. AuthPrivArgs("sha-aes", "SHA", "AES"),
            "-e", Convert.ToHexString(Engine.EngineId), "-Z", $"{now.Boots},{now.Time + 1000}", _agent.Target, Dotted(Scalar)]);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal([NetSnmpFormat.Line(Scalar, SnmpValue.Integer(42))], result.Lines);
        Assert.Equal(before + 1, Engine.UsmStats.Get(UsmStatsCounter.NotInTimeWindows));
    }

    [Fact]
    public async Task A_user_sees_nothing_outside_its_view()
    {
        string[] args = ["-v3", "-l", "authPriv", "-u", "limited", "-a", "SHA-256", "-A", AuthPassword, "-x", "AES", "-X", PrivPassword, "-On"];
        var walk = await NetSnmpTool.RunAsync("snmpwalk", [.. args, _agent.Target, Dotted(Root)]);
        Assert.True(walk.ExitCode == 0, walk.ToString());
        Assert.Equal(
            NetSnmpFormat.Walk(_agent.View, Root).Where(line => !line.StartsWith(Dotted(V3TestAgent.LimitedExcludes) + ".", StringComparison.Ordinal)).ToArray(),
            walk.Lines);
        Assert.DoesNotContain(walk.Lines, line => line.StartsWith(Dotted(Entry), StringComparison.Ordinal));

        // Walking the hidden subtree itself finds nothing in it; snmpwalk then tries a Get of the root, which does not exist either.
        var tableWalk = await NetSnmpTool.RunAsync("snmpwalk", [.. args, _agent.Target, Dotted(Entry)]);
        Assert.Equal([NetSnmpFormat.Line(Entry, SnmpValue.NoSuchObject)], tableWalk.Lines);

        var get = await NetSnmpTool.RunAsync("snmpget", [.. args, _agent.Target, Dotted(NameColumn.Append(1))]);
        Assert.Equal([NetSnmpFormat.Line(NameColumn.Append(1), SnmpValue.NoSuchObject)], get.Lines);
    }

    [Fact]
    public async Task Engine_boots_increments_across_agent_restarts()
    {
        var (engineId, boots) = await ReadEngine();
        Assert.Equal(1, boots); // a fresh state directory

        await _agent.DisposeAsync();
        _agent = await Start();
        var (sameEngineId, nextBoots) = await ReadEngine();

        Assert.Equal(engineId, sameEngineId);
        Assert.Equal(boots + 1, nextBoots);
        Assert.Contains($"\"engineBoots\": {boots + 1}", await File.ReadAllTextAsync(Path.Combine(_state.FullName, EngineState.FileName)));
    }

    private async Task<(string EngineId, int Boots)> ReadEngine()
    {
        var result = await NetSnmpTool.RunAsync("snmpget", [.. AuthPrivArgs("sha-512-aes-256", "SHA-512", "AES-256"), "-Ov", "-Ox", _agent.Target,
            Dotted(V3AgentObjects.SnmpEngineId.Append(0)), Dotted(V3AgentObjects.SnmpEngineBoots.Append(0))]);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(2, result.Lines.Length);
        return (result.Lines[0], int.Parse(result.Lines[1].Split(':')[1].Trim(), System.Globalization.CultureInfo.InvariantCulture));
    }
}
