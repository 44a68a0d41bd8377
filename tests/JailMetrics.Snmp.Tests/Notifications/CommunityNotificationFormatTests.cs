using System.Text;
using JailMetrics.Snmp.Mib;
using JailMetrics.Snmp.Notifications;
using JailMetrics.Snmp.Protocol;

namespace JailMetrics.Snmp.Tests.Notifications;

public sealed class CommunityNotificationFormatTests
{
    private static readonly byte[] Public = Encoding.ASCII.GetBytes("public");

    private static VarBind[] VarBinds() => NotificationVarBinds.Build(TestNotifications.JailStarted("web01", 5), sysUpTimeHundredths: 1234);

    [Fact]
    public void SysUpTime_and_snmpTrapOID_come_first()
    {
        var varBinds = VarBinds();
        Assert.Equal(new VarBind(NotificationOids.SysUpTime0, SnmpValue.TimeTicks(1234)), varBinds[0]);
        Assert.Equal(new VarBind(NotificationOids.SnmpTrapOid0, SnmpValue.ObjectIdentifier(TestNotifications.JailStartedOid)), varBinds[1]);
        Assert.Equal(4, varBinds.Length);
    }

    [Fact]
    public void Exception_values_cannot_be_sent() =>
        Assert.Throws<ArgumentException>(() => NotificationVarBinds.Build(new Notification(TestNotifications.JailStartedOid, [(TestNotifications.JailNameObject, SnmpValue.NoSuchObject)]), 0));

    [Fact]
    public void A_trap_is_a_v2c_message_with_an_SNMPv2_Trap_PDU()
    {
        var format = new CommunityNotificationFormat(Public, new RequestIdSource());
        var message = CommunityMessageDecoder.Decode(format.EncodeTrap(VarBinds()));
        Assert.Equal(SnmpVersion.V2c, message.Version);
        Assert.Equal("public", Encoding.ASCII.GetString(message.Community));
        Assert.Equal(PduType.TrapV2, message.Pdu.Type);
        Assert.Equal(VarBinds(), message.Pdu.VarBinds);
    }

    [Fact]
    public void Only_a_Response_with_the_same_request_id_and_community_acknowledges_an_inform()
    {
        var format = new CommunityNotificationFormat(Public, new RequestIdSource());
        var inform = CommunityMessageDecoder.Decode(format.EncodeInform(77, VarBinds()).Datagram);
        Assert.Equal(PduType.InformRequest, inform.Pdu.Type);
        Assert.Equal(77, inform.Pdu.RequestId);

        byte[] Reply(PduType type, int requestId, string community) => CommunityMessageEncoder.Encode(
            new CommunityMessage(SnmpVersion.V2c, Encoding.ASCII.GetBytes(community), new Pdu(type, requestId, 0, 0, inform.Pdu.VarBinds)));
        var none = new HashSet<int>();

        Assert.Equal(InformReplyKind.Acknowledged, format.ReadReply(Reply(PduType.Response, 77, "public"), 77, none).Kind);
        Assert.Equal(InformReplyKind.Unrelated, format.ReadReply(Reply(PduType.Response, 78, "public"), 77, none).Kind);
        Assert.Equal(InformReplyKind.Unrelated, format.ReadReply(Reply(PduType.Response, 77, "private"), 77, none).Kind);
        Assert.Equal(InformReplyKind.Unrelated, format.ReadReply(Reply(PduType.InformRequest, 77, "public"), 77, none).Kind);
        Assert.Equal(InformReplyKind.Unrelated, format.ReadReply([0x30, 0x03, 0x02, 0x01], 77, none).Kind);
    }

    [Fact]
    public void Request_ids_are_positive_and_distinct()
    {
        var ids = new RequestIdSource();
        var drawn = Enumerable.Range(0, 1000).Select(_ => ids.Next()).ToList();
        Assert.All(drawn, id => Assert.InRange(id, 1, int.MaxValue));
        Assert.Equal(drawn.Count, drawn.Distinct().Count());
    }
}
