using JailMetrics.Snmp.Protocol;

namespace JailMetrics.Snmp.Notifications;

/// <summary>
/// How one target's notifications are wrapped for the wire and how its answers are recognised: the
/// message processing and security models of RFC 3412 §4.1 for that target (community-based v2c, or
/// v3 with USM). Used by one delivery loop at a time.
/// </summary>
internal interface INotificationMessageFormat
{
    /// <summary>A complete SNMPv2-Trap message (RFC 3416 §4.2.6), never answered.</summary>
    byte[] EncodeTrap(IReadOnlyList<VarBind> varBinds);

    /// <summary>
    /// The next datagram to send for an inform: the InformRequest itself (RFC 3416 §4.2.7), or, for
    /// v3 while the receiver's engine is not yet known, the discovery probe that must come first
    /// (RFC 3414 §4). <paramref name="requestId"/> stays the same across retransmissions, so a late
    /// Response to an earlier copy still acknowledges the inform.
    /// </summary>
    OutgoingMessage EncodeInform(int requestId, IReadOnlyList<VarBind> varBinds);

    /// <summary>
    /// What a datagram that arrived while waiting means for the inform with <paramref name="requestId"/>;
    /// v3 answers must also echo one of the msgIDs its transmissions used (RFC 3412 §7.2 step 12).
    /// </summary>
    InformReply ReadReply(ReadOnlySpan<byte> datagram, int requestId, IReadOnlySet<int> sentMessageIds);
}

/// <summary>One datagram on its way out; <see cref="MessageId"/> is v3's msgID (0 for v2c).</summary>
internal readonly record struct OutgoingMessage(byte[] Datagram, int MessageId, bool IsDiscoveryProbe);

internal enum InformReplyKind
{
    /// <summary>Not an answer to this inform (a stray or a late answer to an older one): keep waiting.</summary>
    Unrelated,

    /// <summary>The receiver's Response to this inform (RFC 3416 §4.2.7): delivered.</summary>
    Acknowledged,

    /// <summary>
    /// v3: a Report that taught us the receiver's engineID, boots or time (RFC 3414 §4 discovery,
    /// §3.2 step 7 time window): send again at once with the new values.
    /// </summary>
    SendAgain,

    /// <summary>The receiver refused it for a reason retrying cannot fix (unknown user, wrong key, …).</summary>
    Refused,
}

/// <summary>The meaning of a datagram received while an inform waits; <see cref="Reason"/> explains a refusal.</summary>
internal readonly record struct InformReply(InformReplyKind Kind, string? Reason = null)
{
    public static InformReply Unrelated { get; } = new(InformReplyKind.Unrelated);
    public static InformReply Acknowledged { get; } = new(InformReplyKind.Acknowledged);
}
