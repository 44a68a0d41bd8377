using JailMetrics.Snmp.Ber;
using JailMetrics.Snmp.Protocol;

namespace JailMetrics.Snmp.Notifications;

/// <summary>
/// SNMPv2c notifications (RFC 1901 §3 message, RFC 3416 PDUs): the target's community in the clear,
/// an InformRequest acknowledged by a Response with the same request-id and community.
/// </summary>
internal sealed class CommunityNotificationFormat(byte[] community, RequestIdSource requestIds) : INotificationMessageFormat
{
    public byte[] EncodeTrap(IReadOnlyList<VarBind> varBinds) =>
        Encode(PduType.TrapV2, requestIds.Next(), varBinds);

    public OutgoingMessage EncodeInform(int requestId, IReadOnlyList<VarBind> varBinds) =>
        new(Encode(PduType.InformRequest, requestId, varBinds), MessageId: 0, IsDiscoveryProbe: false);

    public InformReply ReadReply(ReadOnlySpan<byte> datagram, int requestId, IReadOnlySet<int> sentMessageIds)
    {
        CommunityMessage message;
        try
        {
            message = CommunityMessageDecoder.Decode(datagram);
        }
        catch (BerDecodeException)
        {
            return InformReply.Unrelated;
        }

        // RFC 3416 §4.2.7: the receiver answers with a Response carrying the same request-id. Any
        // error-status (tooBig when echoing the varbinds would not fit) still proves it arrived.
        bool answersThis = message.Version == SnmpVersion.V2c && message.Pdu.Type == PduType.Response &&
                           message.Pdu.RequestId == requestId && message.Community.AsSpan().SequenceEqual(community);
        return answersThis ? InformReply.Acknowledged : InformReply.Unrelated;
    }

    private byte[] Encode(PduType type, int requestId, IReadOnlyList<VarBind> varBinds) =>
        CommunityMessageEncoder.Encode(new CommunityMessage(SnmpVersion.V2c, community, new Pdu(type, requestId, 0, 0, varBinds)));
}
