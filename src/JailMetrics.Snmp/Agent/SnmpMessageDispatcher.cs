using JailMetrics.Snmp.Ber;
using JailMetrics.Snmp.Mib;
using JailMetrics.Snmp.Protocol;
using JailMetrics.Snmp.Protocol.V3;
using JailMetrics.Snmp.Security;

namespace JailMetrics.Snmp.Agent;

/// <summary>
/// One datagram in, at most one datagram out: the agent's message pipeline with no socket in it
/// (so tests and fuzzers drive it in-process). Steps and counters follow RFC 3412 §4.2.1 and
/// RFC 1157 §4.1 / RFC 3584 §5.2.1: parse (snmpInASNParseErrs) → version (snmpInBadVersions) →
/// community and source (snmpInBadCommunityNames) → PDU type → <see cref="RequestProcessor"/> over
/// the community's view → encode within the size limit (snmpSilentDrops). SNMPv3 goes to the
/// <see cref="V3CommandResponder"/> (USM) when an <see cref="SnmpEngine"/> is given, else it is a bad
/// version. Everything unanswerable is counted and dropped (or, in v3, reported); only a
/// programming error can throw. Thread-safe, given one <see cref="ResponsePdu"/> per caller.
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
    private readonly V3CommandResponder? _v3;

    /// <param name="engine">The local SNMPv3 engine; null leaves SNMPv3 off. Users and views come from <paramref name="options"/>.</param>
    /// <exception cref="UsmConfigurationException">A user, view or community's view is misconfigured.</exception>
    public SnmpMessageDispatcher(SnmpAgentOptions options, SnmpAgentCounters counters, Func<IMibReader> currentView, SnmpEngine? engine = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.MaxMessageSize is < MinMessageSize or > MaxUdpPayload)
            throw new ArgumentException($"Snmp:MaxMessageSize must be {MinMessageSize}..{MaxUdpPayload}, not {options.MaxMessageSize}", nameof(options));
        if (options.MaxGetBulkRepetitions < 0)
            throw new ArgumentException($"Snmp:MaxGetBulkRepetitions must not be negative, not {options.MaxGetBulkRepetitions}", nameof(options));
        _counters = counters;
        _currentView = currentView;
        var views = new AccessViews(options.Views);
        _communities = new CommunityAuthorizer(options.Communities, views);
        _processor = new RequestProcessor(options.MaxGetBulkRepetitions);
        _maxMessageSize = options.MaxMessageSize;
        if (engine is not null)
        {
            // Passwords become keys here, once (RFC 3414 §2.6); nothing is derived per packet.
            var users = UsmUserStore.FromOptions(options.Users, views);
            _v3 = new V3CommandResponder(engine, users, counters, _processor, _maxMessageSize);
        }
        else if (options.Users.Count > 0)
        {
            throw new UsmConfigurationException("SNMPv3 users are configured but the agent has no SNMP engine state: set Snmp:StateDirectory");
        }
    }

    /// <summary>Whether SNMPv3 messages are served (an engine was given).</summary>
    public bool ServesV3 => _v3 is not null;

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
        if (version == (int)SnmpVersion.V3 && _v3 is not null)
            return _v3.Respond(datagram, _currentView, responseBuffer, response); // RFC 3412 §7.2, RFC 3414 §3.2
        if (version is not ((int)SnmpVersion.V1 or (int)SnmpVersion.V2c))
        {
            _counters.CountBadVersion();
            return 0;
        }

        Pdu pdu;
        SnmpVersion messageVersion;
        Range communityRange;
        try
        {
            pdu = CommunityMessageDecoder.DecodeRequest(datagram, out messageVersion, out communityRange);
        }
        catch (BerDecodeException)
        {
            _counters.CountAsnParseError();
            return 0;
        }

        var community = datagram[communityRange];
        if (!_communities.TryAuthorize(community, sourceAddress, out var view))
        {
            _counters.CountBadCommunityName(); // RFC 1157 §4.1: not authentic → discard, no answer
            return 0;
        }

        if (!Pdu.IsRequest(pdu.Type))
        {
            _counters.CountUnknownPduHandler(); // a Response, Trap or Report sent to an agent: nobody here expects it
            return 0;
        }
        if (pdu.Type == PduType.SetRequest) _counters.CountBadCommunityUse(); // every community is read-only

        var errors = messageVersion == SnmpVersion.V1 ? ErrorModel.SnmpV1 : ErrorModel.SnmpV2;
        int maxPduSize = CommunityMessageEncoder.MaxPduSize(_maxMessageSize, messageVersion, community.Length);
        if (!_processor.Process(pdu, ViewFilteredReader.Over(_currentView(), view), errors, maxPduSize, response))
        {
            _counters.CountSilentDrop(); // RFC 3416 §4.2.1: even tooBig does not fit
            return 0;
        }
        return CommunityMessageEncoder.Write(responseBuffer, messageVersion, community, response.Type,
            response.RequestId, (int)response.ErrorStatus, response.ErrorIndex, response.VarBinds, response.VarBindListContentSize);
    }
}
