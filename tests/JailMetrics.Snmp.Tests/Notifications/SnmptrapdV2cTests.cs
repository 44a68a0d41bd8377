using JailMetrics.Snmp.Mib;
using JailMetrics.Snmp.Notifications;
using JailMetrics.Snmp.Tests.Support;

using JailMetrics.Testing.NetSnmp;

namespace JailMetrics.Snmp.Tests.Notifications;

/// <summary>SNMPv2c traps and informs received by the real snmptrapd (reference/snmp.md §4.4).</summary>
public sealed class SnmptrapdV2cTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task ColdStart_is_sent_as_a_v2c_trap_when_the_sender_starts()
    {
        await using var trapd = await Snmptrapd.StartAsync("authCommunity log public");
        await using var sender = await RunningSender.StartAsync(new NotificationOptions
        {
            Targets = [new NotificationTargetOptions { Name = "nms", Address = trapd.Address, Version = "2c", Community = "public" }],
        });

        var received = await trapd.WaitForAsync(n => n.TrapOid == "." + NotificationOids.ColdStart, Patience);

        Assert.StartsWith("TRAP2, SNMP v2c, community public", received.Via, StringComparison.Ordinal);
        Assert.Equal(2, received.VarBinds.Count); // coldStart has no objects: sysUpTime.0 and snmpTrapOID.0 only
        Assert.StartsWith(".1.3.6.1.2.1.1.3.0 = Timeticks: (", received.VarBinds[0], StringComparison.Ordinal);
        Assert.Equal(1, sender.Stats["nms"].TrapsSent);
    }

    [Fact]
    public async Task A_v2c_trap_carries_its_objects_in_order_after_sysUpTime_and_snmpTrapOID()
    {
        await using var trapd = await Snmptrapd.StartAsync("authCommunity log public");
        await using var sender = await RunningSender.StartAsync(
            new NotificationTargetOptions { Name = "nms", Address = trapd.Address, Version = "2c", Community = "public" });

        var notification = TestNotifications.JailStarted("web01", 18_446_744_073_709_551_615UL);
        Assert.True(sender.Sender.TrySend(notification));

        var received = await trapd.WaitForAsync(n => n.TrapOid == "." + notification.TrapOid, Patience);
        Assert.Equal(
            notification.Objects.Select(o => NetSnmpFormat.Line(o.Name, o.Value)),
            received.VarBinds.Skip(2));
    }

    [Fact]
    public async Task A_v2c_inform_is_acknowledged_by_snmptrapd()
    {
        await using var trapd = await Snmptrapd.StartAsync("authCommunity log public");
        await using var sender = await RunningSender.StartAsync(
            new NotificationTargetOptions { Name = "nms", Address = trapd.Address, Version = "2c", Community = "public", Inform = true });

        var notification = TestNotifications.JailStarted("db", 42);
        Assert.True(sender.Sender.TrySend(notification));

        var received = await trapd.WaitForAsync(n => n.TrapOid == "." + notification.TrapOid, Patience);
        Assert.StartsWith("INFORM, SNMP v2c, community public", received.Via, StringComparison.Ordinal);
        await sender.WaitUntilAsync(s => s["nms"].InformsAcknowledged == 1, Patience);
        Assert.Equal(0, sender.Stats["nms"].InformsFailed);
        Assert.Equal(0, sender.Stats["nms"].InformRetransmissions);
    }
}

/// <summary>Notifications shaped like the service's jail notifications, under RFC 5612's documentation enterprise.</summary>
internal static class TestNotifications
{
    public static readonly Oid Enterprise = Oid.Parse("1.3.6.1.4.1.32473");
    public static readonly Oid JailStartedOid = Enterprise.Append(0, 1);
    public static readonly Oid JailNameObject = Enterprise.Append(1, 2, 1, 2);
    public static readonly Oid JailCpuObject = Enterprise.Append(1, 2, 1, 5);

    public static Notification JailStarted(string name, ulong cpu) => new(JailStartedOid,
    [
        (JailNameObject.Append(7), SnmpValue.OctetString(name)),
        (JailCpuObject.Append(7), SnmpValue.Counter64(cpu)),
    ]);
}
