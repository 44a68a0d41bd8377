namespace JailMetrics.Snmp.Notifications;

/// <summary>
/// What happened to one target's notifications since start. Monotonic counters, safe to read from
/// any thread while the sender updates them (as a metrics scrape or an SNMP Get will).
/// </summary>
public sealed class TargetNotificationStats
{
    private long _trapsSent;
    private long _informsSent;
    private long _informRetransmissions;
    private long _informsAcknowledged;
    private long _informsFailed;
    private long _dropped;
    private long _sendErrors;
    private long _failed;

    internal TargetNotificationStats(string target) => Target = target;

    /// <summary>The target's configured name.</summary>
    public string Target { get; }

    /// <summary>SNMPv2-Traps handed to the network.</summary>
    public long TrapsSent => Interlocked.Read(ref _trapsSent);

    /// <summary>InformRequests started (each counted once, however often it is retransmitted).</summary>
    public long InformsSent => Interlocked.Read(ref _informsSent);

    /// <summary>Retransmissions of InformRequests (and discovery probes) after a timeout.</summary>
    public long InformRetransmissions => Interlocked.Read(ref _informRetransmissions);

    /// <summary>InformRequests the receiver answered with a Response (RFC 3416 §4.2.7).</summary>
    public long InformsAcknowledged => Interlocked.Read(ref _informsAcknowledged);

    /// <summary>InformRequests given up on: every retry timed out, or the receiver refused them (a USM Report).</summary>
    public long InformsFailed => Interlocked.Read(ref _informsFailed);

    /// <summary>Notifications dropped unsent because the target's queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Notifications that could not be sent at all: the name did not resolve, the socket refused, the message was too big.</summary>
    public long SendErrors => Interlocked.Read(ref _sendErrors);

    /// <summary>
    /// Notifications that did not reach the receiver, each counted once whatever the cause (an inform
    /// given up on or refused, or a send error), unlike <see cref="InformsFailed"/> and
    /// <see cref="SendErrors"/>, which both count an inform whose socket failed.
    /// </summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Notifications that reached the network (traps) or were acknowledged (informs).</summary>
    public long Delivered => TrapsSent + InformsAcknowledged;

    internal void TrapSent() => Interlocked.Increment(ref _trapsSent);
    internal void InformSent() => Interlocked.Increment(ref _informsSent);
    internal void InformRetransmitted() => Interlocked.Increment(ref _informRetransmissions);
    internal void InformAcknowledged() => Interlocked.Increment(ref _informsAcknowledged);
    internal void InformFailed() => Interlocked.Increment(ref _informsFailed);
    internal void NotificationDropped() => Interlocked.Increment(ref _dropped);
    internal void SendError() => Interlocked.Increment(ref _sendErrors);
    internal void NotificationFailed() => Interlocked.Increment(ref _failed);

    public override string ToString() =>
        $"{Target}: traps {TrapsSent}, informs {InformsSent} (retransmitted {InformRetransmissions}, acknowledged {InformsAcknowledged}, failed {InformsFailed}), dropped {Dropped}, send errors {SendErrors}";
}
