using JailMetrics.Snmp.Ber;
using JailMetrics.Snmp.Mib;
using JailMetrics.Snmp.Protocol;
using JailMetrics.Snmp.Protocol.V3;
using JailMetrics.Snmp.Security;

namespace JailMetrics.Snmp.Notifications;

/// <summary>
/// SNMPv3 notifications with USM (RFC 3412 §6, RFC 3414). A Trap is sent with <em>our</em> engine as
/// the authoritative one — our engineID, boots and time, and the user's keys localized to our
/// engineID — so the receiver must have the user bound to our engineID (snmptrapd's
/// <c>createUser -e</c>). An Inform is sent with the <em>receiver's</em> engine as authoritative
/// (RFC 3414 §1.5.1): its engineID is discovered first with a noAuthNoPriv probe (RFC 3414 §4) and
/// kept, with its clock, for the target's later informs.
/// </summary>
internal sealed class UsmNotificationFormat : INotificationMessageFormat
{
    /// <summary>msgMaxSize: the largest message we accept back, which is any UDP datagram (RFC 3412 §6).</summary>
    private const int MaxMessageSize = 65507;

    private readonly NotificationTarget _target;
    private readonly UsmUser _user;
    private readonly RequestIdSource _ids;
    private readonly EngineState? _localEngine;
    private readonly SaltGenerator _salts;
    private readonly TimeProvider _time;
    private ReceiverEngine? _receiver;

    public UsmNotificationFormat(NotificationTarget target, RequestIdSource ids, EngineState? localEngine, SaltGenerator salts, TimeProvider time)
    {
        _target = target;
        _user = target.User ?? throw new ArgumentException("a v3 target has a user", nameof(target));
        _ids = ids;
        _localEngine = localEngine;
        _salts = salts;
        _time = time;
        if (!target.Inform && localEngine is null)
            throw new NotificationConfigurationException($"notification target '{target.Name}': v3 traps are sent with this engine's snmpEngineID, so the sender needs the EngineState");
    }

    public byte[] EncodeTrap(IReadOnlyList<VarBind> varBinds)
    {
        var local = _localEngine!;
        var clock = local.Now();
        byte[] engineId = local.EngineId;
        var security = UsmOutgoingSecurity.For(_user, _target.SecurityLevel, engineId, clock);
        // SNMPv2-Trap is Unconfirmed Class: reportableFlag clear (RFC 3412 §6.4), nothing ever answers it.
        return Encode(security, reportable: false, contextEngineId: engineId, PduType.TrapV2, _ids.Next(), varBinds, clock.Boots);
    }

    public OutgoingMessage EncodeInform(int requestId, IReadOnlyList<VarBind> varBinds)
    {
        int messageId = _ids.Next();
        int localBoots = _localEngine?.Now().Boots ?? 0;
        if (_receiver is null)
        {
            // RFC 3414 §4: noAuthNoPriv, reportable, empty engineID and user, no varbinds. The receiver
            // answers with a usmStatsUnknownEngineIDs Report carrying its engineID, boots and time.
            byte[] probe = V3MessageEncoder.Encode(messageId, MaxMessageSize, reportable: true, UsmOutgoingSecurity.Discovery,
                ScopedPduEncoding.Encode([], [], PduType.GetRequest, _ids.Next(), 0, 0, [], 0));
            return new OutgoingMessage(probe, messageId, IsDiscoveryProbe: true);
        }

        var security = UsmOutgoingSecurity.For(_user, _target.SecurityLevel, _receiver.EngineId, _receiver.Estimate());
        // The notification's context is ours, the originator's, when we have an engine; else the receiver's.
        byte[] contextEngineId = _localEngine?.EngineId ?? _receiver.EngineId;
        // InformRequest is Confirmed Class: reportable, so USM problems come back as Reports (RFC 3412 §6.4).
        byte[] inform = Encode(security, reportable: true, contextEngineId, PduType.InformRequest, requestId, varBinds, localBoots, messageId);
        return new OutgoingMessage(inform, messageId, IsDiscoveryProbe: false);
    }

    public InformReply ReadReply(ReadOnlySpan<byte> datagram, int requestId, IReadOnlySet<int> sentMessageIds)
    {
        V3Message message;
        try
        {
            message = V3MessageDecoder.Decode(datagram);
        }
        catch (BerDecodeException)
        {
            return InformReply.Unrelated;
        }
        // RFC 3412 §7.2 step 12: an answer echoes the msgID of the message it answers.
        if (message.UsmParameters is not { } usm || !sentMessageIds.Contains(message.MessageId)) return InformReply.Unrelated;
        if (!message.TryGetSecurityLevel(out var level)) return InformReply.Unrelated;

        return level == SecurityLevel.NoAuthNoPriv
            ? ReadUnauthenticated(message, usm)
            : ReadAuthenticated(datagram, message, usm, requestId);
    }

    /// <summary>
    /// An unauthenticated answer can only be a Report (RFC 3414 §3.2: USM errors are reported at
    /// noAuthNoPriv). Discovery's usmStatsUnknownEngineIDs teaches the engineID; the others say the
    /// receiver cannot take our messages at all.
    /// </summary>
    private InformReply ReadUnauthenticated(V3Message message, UsmSecurityParameters usm)
    {
        if (message.IsEncrypted || V3MessageDecoder.TryDecodeScopedPdu(message.ScopedPduData) is not { Pdu: { Type: PduType.Report } report })
            return InformReply.Unrelated;

        var counter = UsmReports.CounterOf(report);
        if (counter == UsmStatsCounter.UnknownEngineIds)
        {
            if (!SnmpEngineId.IsValid(usm.AuthoritativeEngineId)) return InformReply.Unrelated;
            // First discovery, or the receiver came back with a new engineID: learn it, send again.
            _receiver = new ReceiverEngine(usm.AuthoritativeEngineId, usm.AuthoritativeEngineBoots, usm.AuthoritativeEngineTime, _time);
            return new InformReply(InformReplyKind.SendAgain);
        }
        // An unauthenticated notInTimeWindow Report is not trusted for the clock (RFC 3414 §3.2 step 7a sends it authenticated): wait on.
        if (counter == UsmStatsCounter.NotInTimeWindows) return InformReply.Unrelated;
        return new InformReply(InformReplyKind.Refused, UsmReports.Describe(report, _user.Name));
    }

    private InformReply ReadAuthenticated(ReadOnlySpan<byte> datagram, V3Message message, UsmSecurityParameters usm, int requestId)
    {
        if (_receiver is null || !usm.AuthoritativeEngineId.AsSpan().SequenceEqual(_receiver.EngineId)) return InformReply.Unrelated;
        // RFC 3414 §3.2 steps 6 and 8 on the non-authoritative side: verify with the keys localized to the receiver, decrypt.
        if (!UsmIncoming.TryUnprotect(datagram, message, _user, out var scoped, out _)) return InformReply.Unrelated;

        var pdu = scoped.Pdu;
        if (pdu.Type == PduType.Report && UsmReports.CounterOf(pdu) == UsmStatsCounter.NotInTimeWindows)
        {
            // RFC 3414 §3.2 step 7a: the authenticated Report carries the receiver's current boots and time.
            _receiver.Resynchronise(usm.AuthoritativeEngineBoots, usm.AuthoritativeEngineTime);
            return new InformReply(InformReplyKind.SendAgain);
        }
        if (pdu.Type != PduType.Response || pdu.RequestId != requestId) return InformReply.Unrelated;

        _receiver.Observe(usm.AuthoritativeEngineBoots, usm.AuthoritativeEngineTime);
        return InformReply.Acknowledged; // RFC 3416 §4.2.7
    }

    private byte[] Encode(UsmOutgoingSecurity security, bool reportable, byte[] contextEngineId, PduType type, int requestId,
        IReadOnlyList<VarBind> varBinds, int localBoots, int? messageId = null)
    {
        // contextName is empty: the default context, the only one this engine has.
        byte[] scopedPdu = ScopedPduEncoding.Encode(contextEngineId, [], type, requestId, 0, 0, varBinds, PduEncoding.VarBindListContentSize(varBinds));
        return V3MessageEncoder.Encode(messageId ?? _ids.Next(), MaxMessageSize, reportable, security, scopedPdu, _salts, localBoots);
    }
}
