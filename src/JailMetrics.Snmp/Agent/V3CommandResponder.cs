using JailMetrics.Snmp.Ber;
using JailMetrics.Snmp.Mib;
using JailMetrics.Snmp.Protocol;
using JailMetrics.Snmp.Protocol.V3;
using JailMetrics.Snmp.Security;

namespace JailMetrics.Snmp.Agent;

/// <summary>
/// The agent's SNMPv3 path, one datagram in and at most one out: RFC 3412 §7.2 (prepareDataElements)
/// → USM (RFC 3414 §3.2, <see cref="UsmAuthoritativeProcessor"/>) → the command responder of RFC 3413
/// §3.2 over the user's view → RFC 3412 §7.1 (prepareResponseMessage) with the request's security
/// level, a fresh salt, and reportable cleared. Failures are counted; those the RFCs answer become a
/// Report (PDU A8, one counter varbind) when the request was reportable. Thread-safe, given one
/// <see cref="ResponsePdu"/> per caller.
/// </summary>
internal sealed class V3CommandResponder
{
    private readonly SnmpEngine _engine;
    private readonly SnmpAgentCounters _counters;
    private readonly UsmAuthoritativeProcessor _usm;
    private readonly RequestProcessor _processor;
    private readonly int _maxMessageSize;

    public V3CommandResponder(SnmpEngine engine, UsmUserStore users, SnmpAgentCounters counters, RequestProcessor processor, int maxMessageSize)
    {
        _engine = engine;
        _counters = counters;
        _usm = new UsmAuthoritativeProcessor(engine, users);
        _processor = processor;
        _maxMessageSize = maxMessageSize;
    }

    /// <summary>Answers one SNMPv3 datagram into <paramref name="destination"/> (≥ the agent's MaxMessageSize); 0 = nothing to send.</summary>
    public int Respond(ReadOnlySpan<byte> datagram, Func<IMibReader> currentView, Span<byte> destination, ResponsePdu response)
    {
        V3Message message;
        try
        {
            message = V3MessageDecoder.Decode(datagram);
        }
        catch (BerDecodeException)
        {
            _counters.CountAsnParseError(); // RFC 3412 §7.2
            return 0;
        }

        // RFC 3412 §7.2: privFlag without authFlag.
        if (!message.TryGetSecurityLevel(out var level))
        {
            _counters.Mpd.Increment(MpdStatsCounter.InvalidMsgs);
            return 0;
        }

        // RFC 3412 §7.2: only USM is implemented. Its Report can only be sent unauthenticated.
        if (message.SecurityModel != V3Message.UsmSecurityModel)
        {
            var varBind = _counters.Mpd.IncrementForReport(MpdStatsCounter.UnknownSecurityModels);
            return message.IsReportable ? WriteReport(destination, message, Unauthenticated([]), varBind, requestId: 0) : 0;
        }

        var usm = _usm.Process(datagram, message, level);
        switch (usm.Outcome)
        {
            case UsmOutcome.MalformedScopedPdu:
                _counters.CountAsnParseError();
                return 0;
            case UsmOutcome.Rejected:
                return message.IsReportable
                    ? WriteReport(destination, message, usm.ReportSecurity!, usm.ReportVarBind, ReadableRequestId(message))
                    : 0;
        }

        var user = usm.User!;
        var scoped = usm.ScopedPdu!;
        var pdu = scoped.Pdu;
        var security = UsmOutgoingSecurity.For(user, level, _engine.EngineId, _engine.Now());

        // RFC 3412 §4.2.2.1: no application is registered for another contextEngineID or for a PDU
        // an agent does not take (Response, Trap, Inform, Report). An empty contextEngineID is taken
        // as ours, as net-snmp does.
        bool ourContextEngine = scoped.ContextEngineId.Length == 0 || scoped.ContextEngineId.AsSpan().SequenceEqual(_engine.EngineId);
        if (!ourContextEngine || !Pdu.IsRequest(pdu.Type))
        {
            var varBind = _counters.Mpd.IncrementForReport(MpdStatsCounter.UnknownPduHandlers);
            return message.IsReportable && IsConfirmed(pdu.Type) ? WriteReport(destination, message, security, varBind, pdu.RequestId) : 0;
        }

        // RFC 3413 §3.2 step 2: only the default context "" exists here.
        if (scoped.ContextName.Length != 0)
        {
            var varBind = _counters.Contexts.IncrementUnknownForReport();
            return message.IsReportable ? WriteReport(destination, message, security, varBind, pdu.RequestId) : 0;
        }

        // RFC 3412 §7.1 / RFC 3416 §4.2.1: the response must fit the originator's msgMaxSize and ours.
        int maxMessage = Math.Min(message.MaxSize, _maxMessageSize);
        int maxScoped = V3MessageEncoder.MaxScopedPduSize(maxMessage, message.MessageId, _maxMessageSize, security);
        int maxPdu = ScopedPduEncoding.MaxPduSize(maxScoped, _engine.EngineId.Length, 0);
        var view = ViewFilteredReader.Over(currentView(), user.View);
        if (!_processor.Process(pdu, view, ErrorModel.SnmpV2, maxPdu, response))
        {
            _counters.CountSilentDrop();
            return 0;
        }

        byte[] scopedResponse = ScopedPduEncoding.Encode(_engine.EngineId, [], response.Type, response.RequestId,
            (int)response.ErrorStatus, response.ErrorIndex, response.VarBinds, response.VarBindListContentSize);
        return Write(destination, message, security, scopedResponse);
    }

    /// <summary>
    /// A Report (RFC 3412 §7.1): PDU A8 with the counter varbind, the request-id when the
    /// request's PDU could be read (else 0), msgID echoed, reportable clear, our context.
    /// </summary>
    private int WriteReport(Span<byte> destination, V3Message request, UsmOutgoingSecurity security, VarBind varBind, int requestId)
    {
        VarBind[] varBinds = [varBind];
        byte[] scoped = ScopedPduEncoding.Encode(_engine.EngineId, [], PduType.Report, requestId, 0, 0,
            varBinds, PduEncoding.VarBindListContentSize(varBinds));
        return Write(destination, request, security, scoped);
    }

    private int Write(Span<byte> destination, V3Message request, UsmOutgoingSecurity security, byte[] scopedPdu)
    {
        int length = V3MessageEncoder.MessageSize(request.MessageId, _maxMessageSize, security, scopedPdu.Length);
        if (length > Math.Min(request.MaxSize, destination.Length))
        {
            _counters.CountSilentDrop(); // only a Report with huge engineID/user and a 484-octet msgMaxSize gets here
            return 0;
        }
        var clock = _engine.Now();
        return V3MessageEncoder.Write(destination, request.MessageId, _maxMessageSize, reportable: false, security, scopedPdu,
            _engine.Salts, clock.Boots);
    }

    private UsmOutgoingSecurity Unauthenticated(byte[] userName)
    {
        var clock = _engine.Now();
        return UsmOutgoingSecurity.Unauthenticated(userName, _engine.EngineId, clock.Boots, clock.Time);
    }

    /// <summary>The request-id of a plaintext ScopedPDU; 0 when it is encrypted or unreadable (RFC 3412 §7.1).</summary>
    private static int ReadableRequestId(V3Message message) =>
        message.IsEncrypted ? 0 : V3MessageDecoder.TryDecodeScopedPdu(message.ScopedPduData)?.Pdu.RequestId ?? 0;

    /// <summary>Confirmed Class PDUs (RFC 3411 §2.8): only these may cause a Report (RFC 3412 §7.2).</summary>
    private static bool IsConfirmed(PduType type) =>
        type is PduType.GetRequest or PduType.GetNextRequest or PduType.GetBulkRequest or PduType.SetRequest or PduType.InformRequest;
}
