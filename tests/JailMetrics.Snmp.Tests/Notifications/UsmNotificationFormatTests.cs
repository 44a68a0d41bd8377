using JailMetrics.Snmp.Mib;
using JailMetrics.Snmp.Notifications;
using JailMetrics.Snmp.Protocol;
using JailMetrics.Snmp.Protocol.V3;
using JailMetrics.Snmp.Security;
using JailMetrics.Snmp.Tests.Security;

namespace JailMetrics.Snmp.Tests.Notifications;

/// <summary>
/// The v3 message format on its own, against a scripted receiver: who is authoritative for traps and
/// for informs (RFC 3414 §1.5.1), the discovery probe (RFC 3414 §4), and which answers count.
/// </summary>
public sealed class UsmNotificationFormatTests : IDisposable
{
    private static readonly byte[] ReceiverEngineId = Convert.FromHexString("80007ED9050102030405060708");

    private readonly string _stateDirectory = Directory.CreateTempSubdirectory("jm-engine-").FullName;
    private readonly ManualClock _clock = new();
    private readonly EngineState _local;
    private readonly NotificationTarget _target;
    private readonly UsmNotificationFormat _format;
    private readonly VarBind[] _varBinds = NotificationVarBinds.Build(TestNotifications.JailStarted("web01", 99), 500);
    private readonly HashSet<int> _sent = [];

    public UsmNotificationFormatTests()
    {
        _local = EngineState.Start(_stateDirectory, _clock);
        _target = Target(inform: true);
        _format = new UsmNotificationFormat(_target, new RequestIdSource(), _local, new SaltGenerator(), _clock);
    }

    public void Dispose() => Directory.Delete(_stateDirectory, recursive: true);

    private static NotificationTarget Target(bool inform) => NotificationTarget.FromOptions(new NotificationTargetOptions
    {
        Name = "nms", Address = "192.0.2.1", Version = "3", Inform = inform,
        User = new UsmUserOptions { Name = "informuser", AuthProtocol = "SHA", AuthPassword = "authpass123", PrivProtocol = "AES", PrivPassword = "privpass123" },
    });

    [Fact]
    public void A_trap_is_authoritative_with_our_engine_and_not_reportable()
    {
        var trapTarget = Target(inform: false);
        var format = new UsmNotificationFormat(trapTarget, new RequestIdSource(), _local, new SaltGenerator(), _clock);
        _clock.Advance(TimeSpan.FromSeconds(42));

        byte[] datagram = format.EncodeTrap(_varBinds);

        var message = V3MessageDecoder.Decode(datagram);
        Assert.Equal(MsgFlags.Auth | MsgFlags.Priv, message.Flags);
        Assert.Equal(_local.EngineId, message.UsmParameters!.AuthoritativeEngineId);
        Assert.Equal(_local.Now().Boots, message.UsmParameters.AuthoritativeEngineBoots);
        Assert.Equal(42, message.UsmParameters.AuthoritativeEngineTime);
        Assert.True(UsmIncoming.TryUnprotect(datagram, message, trapTarget.User!, out var scoped, out string failure), failure);
        Assert.Equal(PduType.TrapV2, scoped.Pdu.Type);
        Assert.Equal(_local.EngineId, scoped.ContextEngineId);
        Assert.Equal(_varBinds, scoped.Pdu.VarBinds);
    }

    [Fact]
    public void A_v3_trap_target_needs_the_local_engine() =>
        Assert.Throws<NotificationConfigurationException>(() => new UsmNotificationFormat(Target(inform: false), new RequestIdSource(), null, new SaltGenerator(), _clock));

    [Fact]
    public void The_first_inform_transmission_is_the_discovery_probe()
    {
        var probe = _format.EncodeInform(7, _varBinds);

        Assert.True(probe.IsDiscoveryProbe);
        var message = V3MessageDecoder.Decode(probe.Datagram);
        Assert.Equal(probe.MessageId, message.MessageId);
        Assert.Equal(MsgFlags.Reportable, message.Flags); // noAuthNoPriv, reportable (RFC 3414 §4)
        Assert.Empty(message.UsmParameters!.AuthoritativeEngineId);
        Assert.Empty(message.UsmParameters.UserName);
        var scoped = V3MessageDecoder.DecodeScopedPdu(message.ScopedPduData);
        Assert.Empty(scoped.Pdu.VarBinds);
    }

    [Fact]
    public void After_discovery_the_inform_is_authPriv_with_the_receivers_engine_and_clock()
    {
        Discover(boots: 5, time: 1000);
        _clock.Advance(TimeSpan.FromSeconds(30));

        var inform = Send(requestId: 7);

        Assert.False(inform.IsDiscoveryProbe);
        var message = V3MessageDecoder.Decode(inform.Datagram);
        Assert.Equal(MsgFlags.Auth | MsgFlags.Priv | MsgFlags.Reportable, message.Flags);
        Assert.Equal(ReceiverEngineId, message.UsmParameters!.AuthoritativeEngineId);
        Assert.Equal(5, message.UsmParameters.AuthoritativeEngineBoots);
        Assert.Equal(1030, message.UsmParameters.AuthoritativeEngineTime); // RFC 3414 §2.3: last received + elapsed
        Assert.True(UsmIncoming.TryUnprotect(inform.Datagram, message, _target.User!, out var scoped, out string failure), failure);
        Assert.Equal(PduType.InformRequest, scoped.Pdu.Type);
        Assert.Equal(7, scoped.Pdu.RequestId);
        Assert.Equal(_varBinds, scoped.Pdu.VarBinds);
    }

    [Fact]
    public void Only_an_authentic_Response_echoing_msgID_and_request_id_acknowledges()
    {
        Discover(boots: 5, time: 1000);
        var inform = Send(requestId: 7);

        Assert.Equal(InformReplyKind.Acknowledged, Read(ReceiverMessage(inform.MessageId, PduType.Response, 7, SecurityLevel.AuthPriv)).Kind);
        Assert.Equal(InformReplyKind.Unrelated, Read(ReceiverMessage(inform.MessageId + 1000, PduType.Response, 7, SecurityLevel.AuthPriv)).Kind);
        Assert.Equal(InformReplyKind.Unrelated, Read(ReceiverMessage(inform.MessageId, PduType.Response, 8, SecurityLevel.AuthPriv)).Kind);

        byte[] tampered = ReceiverMessage(inform.MessageId, PduType.Response, 7, SecurityLevel.AuthPriv);
        tampered[^1] ^= 0x01;
        Assert.Equal(InformReplyKind.Unrelated, Read(tampered).Kind);
    }

    [Fact]
    public void An_authenticated_notInTimeWindow_Report_resynchronises_the_clock()
    {
        Discover(boots: 5, time: 1000);
        var inform = Send(requestId: 7);

        var report = ReceiverMessage(inform.MessageId, PduType.Report, 7, SecurityLevel.AuthNoPriv,
            UsmStatsCounter.NotInTimeWindows, boots: 6, time: 3);
        Assert.Equal(InformReplyKind.SendAgain, Read(report).Kind);

        var again = V3MessageDecoder.Decode(Send(requestId: 7).Datagram);
        Assert.Equal(6, again.UsmParameters!.AuthoritativeEngineBoots);
        Assert.Equal(3, again.UsmParameters.AuthoritativeEngineTime);
    }

    [Fact]
    public void A_Report_that_retrying_cannot_fix_refuses_the_inform()
    {
        Discover(boots: 5, time: 1000);
        var inform = Send(requestId: 7);

        var reply = Read(ReceiverMessage(inform.MessageId, PduType.Report, 7, SecurityLevel.NoAuthNoPriv, UsmStatsCounter.UnknownUserNames));

        Assert.Equal(InformReplyKind.Refused, reply.Kind);
        Assert.Contains("usmStatsUnknownUserNames", reply.Reason, StringComparison.Ordinal);
        Assert.Contains("informuser", reply.Reason, StringComparison.Ordinal);
    }

    private void Discover(int boots, int time)
    {
        var probe = Send(requestId: 7);
        Assert.True(probe.IsDiscoveryProbe);
        var report = ReceiverMessage(probe.MessageId, PduType.Report, 0, SecurityLevel.NoAuthNoPriv, UsmStatsCounter.UnknownEngineIds, boots, time);
        Assert.Equal(InformReplyKind.SendAgain, Read(report).Kind);
    }

    private OutgoingMessage Send(int requestId)
    {
        var outgoing = _format.EncodeInform(requestId, _varBinds);
        _sent.Add(outgoing.MessageId);
        return outgoing;
    }

    private InformReply Read(byte[] datagram) => _format.ReadReply(datagram, 7, _sent);

    /// <summary>What the receiver (authoritative for informs) would send: a Response or a Report.</summary>
    private byte[] ReceiverMessage(int messageId, PduType type, int requestId, SecurityLevel level,
        UsmStatsCounter? reportOf = null, int boots = 5, int time = 1001)
    {
        var security = level == SecurityLevel.NoAuthNoPriv
            ? UsmOutgoingSecurity.Unauthenticated(_target.User!.NameBytes, ReceiverEngineId, boots, time)
            : UsmOutgoingSecurity.For(_target.User!, level, ReceiverEngineId, boots, time);
        IReadOnlyList<VarBind> varBinds = reportOf is { } counter
            ? [new VarBind(UsmStats.InstanceOf(counter), SnmpValue.Counter32(1))]
            : _varBinds;
        var scoped = new ScopedPdu(ReceiverEngineId, [], new Pdu(type, requestId, 0, 0, varBinds));
        return V3MessageEncoder.Encode(messageId, 65507, reportable: false, security, scoped, new SaltGenerator());
    }
}
