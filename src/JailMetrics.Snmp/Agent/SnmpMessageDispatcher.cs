using JailMetrics.Snmp.Ber;
using JailMetrics.Snmp.Mib;
using JailMetrics.Snmp.Protocol;

namespace JailMetrics.Snmp.Agent;

/// <summary>
/// One datagram in, at most one datagram out: the agent's message pipeline with no socket in it
/// (so tests and fuzzers drive it in-process). Steps and counters follow RFC 3412 §4.2.1 and
/// RFC 1157 §4.1 / RFC 3584 §5.2.1: parse (snmpInASNParseErrs) → version (snmpInBadVersions) →
/// community and source (snmpInBadCommunityNames) → PDU type → <see cref="RequestProcessor"/> →
/// encode within the size limit (snmpSilentDrops). Everything unanswerable is counted and dropped;
/// only a programming error can throw. Thread-safe, given one <see cref="ResponsePdu"/> per caller.
/// </summary>
public sealed class SnmpMessageDispatcher
{
    /// <summary>The largest UDP payload over IPv4 (65535 − 20 − 8); the ceiling for MaxMessageSize.</summary>
    public const int MaxUdpPayload = 65507;

    /// <summary>RFC 3417 §3: every SNMP entity must accept messages of at least 484 octets.</summary>
    public const int MinMessageSize = 484;

    private readonly SnmpAgentCounters _counters;
    private readonly Func<IMibReader> _currentView;
    private readonly CommunityAuthorizer _communities;
    private readonly RequestProcessor _processor;
    private readonly int _maxMessageSize;

    public SnmpMessageDispatcher(SnmpAgentOptions options, SnmpAgentCounters counters, Func<IMibReader> currentView)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.MaxMessageSize is < MinMessageSize or > MaxUdpPayload)
            throw new ArgumentException($"Snmp:MaxMessageSize must be {MinMessageSize}..{MaxUdpPayload}, not {options.MaxMessageSize}", nameof(options));
        if (options.MaxGetBulkRepetitions < 0)
            throw new ArgumentException($"Snmp:MaxGetBulkRepetitions must not be negative, not {options.MaxGetBulkRepetitions}", nameof(options));
        _counters = counters;
        _currentView = currentView;
        _communities = new CommunityAuthorizer(options.Communities);
        _processor = new RequestProcessor(options.MaxGetBulkRepetitions);
        _maxMessageSize = options.MaxMessageSize;
    }

    public int MaxMessageSize => _maxMessageSize;

    /// <summary>
    /// Handles one received datagram from <paramref name="sourceAddress"/> (4 or 16 octets); writes
    /// the answer into <paramref name="responseBuffer"/> (at least <see cref="MaxMessageSize"/>
    /// octets) and returns its length, or 0 when nothing is to be sent.
    /// </summary>
    public int Dispatch(ReadOnlySpan<byte> datagram, ReadOnlySpan<byte> sourceAddress, Span<byte> responseBuffer, ResponsePdu response)
    {
        _counters.CountInPkt();

        int version;
        try
        {
            version = SnmpMessageHeader.ReadVersion(datagram);
        }
        catch (BerDecodeException)
        {
            _counters.CountAsnParseError();
            return 0;
        }
        if (version is not ((int)SnmpVersion.V1 or (int)SnmpVersion.V2c))
        {
            _counters.CountBadVersion(); // v3 (USM) plugs in here
            return 0;
        }

        CommunityMessage message;
        try
        {
            message = CommunityMessageDecoder.Decode(datagram);
        }
        catch (BerDecodeException)
        {
            _counters.CountAsnParseError();
            return 0;
        }

        if (!_communities.IsAllowed(message.Community, sourceAddress))
        {
            _counters.CountBadCommunityName(); // RFC 1157 §4.1: not authentic → discard, no answer
            return 0;
        }

        var pdu = message.Pdu;
        if (!Pdu.IsRequest(pdu.Type))
        {
            _counters.CountUnknownPduHandler(); // a Response, Trap or Report sent to an agent: nobody here expects it
            return 0;
        }
        if (pdu.Type == PduType.SetRequest) _counters.CountBadCommunityUse(); // every community is read-only

        var errors = message.Version == SnmpVersion.V1 ? ErrorModel.SnmpV1 : ErrorModel.SnmpV2;
        int maxPduSize = CommunityMessageEncoder.MaxPduSize(_maxMessageSize, message.Version, message.Community.Length);
        if (!_processor.Process(pdu, _currentView(), errors, maxPduSize, response))
        {
            _counters.CountSilentDrop(); // RFC 3416 §4.2.1: even tooBig does not fit
            return 0;
        }
        return CommunityMessageEncoder.Write(responseBuffer, message.Version, message.Community, response.Type,
            response.RequestId, (int)response.ErrorStatus, response.ErrorIndex, response.VarBinds, response.VarBindListContentSize);
    }
}
