using JailMetrics.Snmp.Notifications;
using JailMetrics.Snmp.Security;
using JailMetrics.Snmp.Tests.Support;

using JailMetrics.Testing.NetSnmp;

namespace JailMetrics.Snmp.Tests.Notifications;

/// <summary>
/// SNMPv3 authPriv traps and informs received by the real snmptrapd (reference/snmp.md §1.7, §4.4):
/// traps carry our engineID, to which snmptrapd's user is bound with <c>createUser -e</c>; informs
/// discover snmptrapd's own engineID first.
/// </summary>
public sealed class SnmptrapdV3Tests : IDisposable
{
    private const string AuthPassword = "authpass123";
    private const string PrivPassword = "privpass123";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly string _stateDirectory = Directory.CreateTempSubdirectory("jm-engine-").FullName;
    private readonly EngineState _engine;

    public SnmptrapdV3Tests() => _engine = EngineState.Start(_stateDirectory);

    public void Dispose() => Directory.Delete(_stateDirectory, recursive: true);

    private static UsmUserOptions User(string name, string auth) =>
        new() { Name = name, AuthProtocol = auth, AuthPassword = AuthPassword, PrivProtocol = "AES", PrivPassword = PrivPassword };

    [Fact]
    public async Task A_v3_authPriv_trap_carries_our_engineID_and_is_accepted_by_the_user_bound_to_it()
    {
        await using var trapd = await Snmptrapd.StartAsync(
            $"createUser -e 0x{Convert.ToHexString(_engine.EngineId)} trapuser SHA-256 {AuthPassword} AES {PrivPassword}",
            "authUser log trapuser priv");
        await using var sender = await RunningSender.StartAsync(new NotificationOptions
        {
            SendColdStart = false,
            Targets = [new NotificationTargetOptions { Name = "nms", Address = trapd.Address, Version = "3", User = User("trapuser", "SHA-256") }],
        }, _engine);

        var notification = TestNotifications.JailStarted("web01", 12_345_678_901_234UL);
        Assert.True(sender.Sender.TrySend(notification));

        var received = await trapd.WaitForAsync(n => n.TrapOid == "." + notification.TrapOid, Patience);
        Assert.StartsWith("TRAP2, SNMP v3, user trapuser", received.Via, StringComparison.Ordinal);
        Assert.Equal(notification.Objects.Select(o => NetSnmpFormat.Line(o.Name, o.Value)), received.VarBinds.Skip(2));
        Assert.Equal(1, sender.Stats["nms"].TrapsSent);
    }

    [Fact]
    public async Task A_v3_authPriv_inform_discovers_snmptrapds_engine_and_is_acknowledged()
    {
        await using var trapd = await Snmptrapd.StartAsync(
            $"createUser informuser SHA {AuthPassword} AES {PrivPassword}",
            "authUser log informuser priv");
        await using var sender = await RunningSender.StartAsync(new NotificationOptions
        {
            SendColdStart = false,
            Targets = [new NotificationTargetOptions { Name = "nms", Address = trapd.Address, Version = "3", User = User("informuser", "SHA"), Inform = true }],
        }, _engine);

        var first = TestNotifications.JailStarted("db", 42);
        var second = TestNotifications.JailStarted("web", 43);
        Assert.True(sender.Sender.TrySend(first));
        Assert.True(sender.Sender.TrySend(second));

        await sender.WaitUntilAsync(s => s["nms"].InformsAcknowledged == 2, Patience);
        var received = await trapd.WaitForAsync(n => n.VarBinds.Contains(NetSnmpFormat.Line(first.Objects[0].Name, first.Objects[0].Value)), Patience);
        Assert.StartsWith("INFORM, SNMP v3, user informuser", received.Via, StringComparison.Ordinal);
        Assert.Equal(first.Objects.Select(o => NetSnmpFormat.Line(o.Name, o.Value)), received.VarBinds.Skip(2));
        await trapd.WaitForAsync(n => n.VarBinds.Contains(NetSnmpFormat.Line(second.Objects[0].Name, second.Objects[0].Value)), Patience);

        var stats = sender.Stats["nms"];
        Assert.Equal(2, stats.InformsSent);
        Assert.Equal(0, stats.InformsFailed);
        Assert.Equal(0, stats.InformRetransmissions); // discovery happened once, and cost no retry
    }

    [Fact]
    public async Task A_v3_inform_with_the_wrong_password_is_refused_at_once_not_retried()
    {
        await using var trapd = await Snmptrapd.StartAsync(
            $"createUser informuser SHA {AuthPassword} AES {PrivPassword}",
            "authUser log informuser priv");
        var user = User("informuser", "SHA");
        user.AuthPassword = "not-the-password";
        await using var sender = await RunningSender.StartAsync(new NotificationOptions
        {
            SendColdStart = false,
            Targets = [new NotificationTargetOptions { Name = "nms", Address = trapd.Address, Version = "3", User = user, Inform = true, Timeout = TimeSpan.FromSeconds(2) }],
        }, _engine);

        Assert.True(sender.Sender.TrySend(TestNotifications.JailStarted("db", 1)));

        await sender.WaitUntilAsync(s => s["nms"].InformsFailed == 1, TimeSpan.FromSeconds(1.5)); // well before the first timeout
        Assert.Equal(0, sender.Stats["nms"].InformRetransmissions);
        Assert.Equal(0, sender.Stats["nms"].InformsAcknowledged);
        Assert.Empty(trapd.Received());
    }
}
