using System.Net;
using JailMetrics.Snmp.Agent;
using JailMetrics.Snmp.Mib;
using JailMetrics.Snmp.Protocol;

namespace JailMetrics.Snmp.Tests.Support;

/// <summary>The agent's pipeline in-process: a dispatcher over a fixed view, with its counters.</summary>
internal sealed class TestDispatch
{
    public static readonly byte[] Loopback = IPAddress.Loopback.GetAddressBytes();

    private readonly byte[] _answer = new byte[SnmpMessageDispatcher.MaxUdpPayload];
    private readonly ResponsePdu _response = new();

    public TestDispatch(IMibReader view, SnmpAgentOptions? options = null)
    {
        Dispatcher = new SnmpMessageDispatcher(options ?? new SnmpAgentOptions(), Counters, () => view);
    }

    public SnmpAgentCounters Counters { get; } = new();

    public SnmpMessageDispatcher Dispatcher { get; }

    /// <summary>The answer's bytes, or null when the dispatcher drops the datagram.</summary>
    public byte[]? Send(ReadOnlySpan<byte> datagram, byte[]? source = null)
    {
        int length = Dispatcher.Dispatch(datagram, source ?? Loopback, _answer, _response);
        return length == 0 ? null : _answer.AsSpan(0, length).ToArray();
    }

    public CommunityMessage? Ask(SnmpVersion version, PduType type, IEnumerable<Oid> names, int requestId = 7, int field2 = 0, int field3 = 0, string community = "public")
    {
        var request = Requests.Build(version, type, names, requestId, field2, field3, community);
        var answer = Send(request);
        return answer is null ? null : CommunityMessageDecoder.Decode(answer);
    }
}

internal static class Requests
{
    public static byte[] Build(SnmpVersion version, PduType type, IEnumerable<Oid> names, int requestId = 7, int field2 = 0, int field3 = 0, string community = "public")
    {
        var varBinds = names.Select(name => new VarBind(name, SnmpValue.Null)).ToList();
        var pdu = new Pdu(type, requestId, field2, field3, varBinds);
        return CommunityMessageEncoder.Encode(new CommunityMessage(version, System.Text.Encoding.UTF8.GetBytes(community), pdu));
    }
}
