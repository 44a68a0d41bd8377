using System.Net;
using System.Net.Sockets;
using JailMetrics.Snmp.Protocol;

namespace JailMetrics.Snmp.Notifications;

/// <summary>
/// Delivers one InformRequest (RFC 3416 §4.2.7) and waits for its acknowledgement: send, wait the
/// attempt's timeout for a matching Response, retransmit with the timeout doubled, and after the
/// last retry give up. Exchanges that only teach us the receiver's USM engine (the discovery probe
/// and a time-window Report, RFC 3414 §4) cost no retry, but are bounded so a receiver that keeps
/// reporting cannot hold the target forever.
/// </summary>
internal sealed class InformExchange(NotificationTarget target, INotificationMessageFormat format, NotificationSocket socket,
    RequestIdSource requestIds, TargetNotificationStats stats, TimeProvider time)
{
    /// <summary>Discovery, then at most one time resynchronisation, then a rediscovery if the receiver restarted: three is plenty.</summary>
    private const int MaxSynchronisations = 3;

    /// <summary>Sends the inform until acknowledged, refused, or out of retries; counts the outcome.</summary>
    public async Task<InformOutcome> DeliverAsync(IReadOnlyList<VarBind> varBinds, IPEndPoint receiver, CancellationToken cancellationToken)
    {
        int requestId = requestIds.Next();
        var sentMessageIds = new HashSet<int>();
        int attempt = 0;
        int synchronisations = 0;
        stats.InformSent();

        while (true)
        {
            var outgoing = format.EncodeInform(requestId, varBinds);
            sentMessageIds.Add(outgoing.MessageId);
            try
            {
                await socket.SendAsync(outgoing.Datagram, receiver, cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException)
            {
                stats.InformFailed(); // every inform started ends acknowledged or failed; the caller counts the send error
                throw;
            }

            var reply = await AwaitReplyAsync(requestId, sentMessageIds, target.TimeoutForAttempt(attempt), cancellationToken).ConfigureAwait(false);
            switch (reply?.Kind)
            {
                case InformReplyKind.Acknowledged:
                    stats.InformAcknowledged();
                    return InformOutcome.Acknowledged;

                case InformReplyKind.Refused:
                    stats.InformFailed();
                    return InformOutcome.Refused(reply.Value.Reason ?? "refused");

                case InformReplyKind.SendAgain when synchronisations < MaxSynchronisations:
                    synchronisations++;
                    continue; // the next message carries what the Report taught us; not a retry

                default: // timed out, or yet another Report after the synchronisation budget is spent
                    if (attempt >= target.Retries)
                    {
                        stats.InformFailed();
                        return InformOutcome.TimedOut(attempt + 1);
                    }
                    attempt++;
                    stats.InformRetransmitted();
                    break;
            }
        }
    }

    /// <summary>
    /// Waits up to <paramref name="timeout"/> for a datagram that answers this inform; null when none
    /// came. Strays (late answers to earlier informs, garbage) are skipped without extending the wait.
    /// </summary>
    private async Task<InformReply?> AwaitReplyAsync(int requestId, IReadOnlySet<int> sentMessageIds, TimeSpan timeout, CancellationToken cancellationToken)
    {
        long started = time.GetTimestamp();
        while (true)
        {
            var remaining = timeout - time.GetElapsedTime(started);
            if (remaining <= TimeSpan.Zero) return null;
            byte[]? datagram = await socket.ReceiveAsync(remaining, time, cancellationToken).ConfigureAwait(false);
            if (datagram is null) return null;
            var reply = format.ReadReply(datagram, requestId, sentMessageIds);
            if (reply.Kind != InformReplyKind.Unrelated) return reply;
        }
    }
}

/// <summary>How an inform ended: acknowledged, refused by the receiver, or unanswered after every attempt.</summary>
internal readonly record struct InformOutcome(bool IsAcknowledged, string? Failure)
{
    public static InformOutcome Acknowledged { get; } = new(true, null);

    public static InformOutcome Refused(string reason) => new(false, $"refused by the receiver: {reason}");

    public static InformOutcome TimedOut(int transmissions) => new(false, $"no Response after {transmissions} transmissions");
}
