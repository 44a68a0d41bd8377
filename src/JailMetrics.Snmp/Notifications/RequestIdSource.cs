using System.Security.Cryptography;

namespace JailMetrics.Snmp.Notifications;

/// <summary>
/// request-id and msgID values for outgoing messages: a random start (so a restarted sender does not
/// reuse the previous run's numbers, which an old retransmitted Response could then match), then +1,
/// kept in 1..2³¹−1 because msgID must be non-negative (RFC 3412 §6) and 0 is left unused. Thread-safe.
/// </summary>
internal sealed class RequestIdSource
{
    private int _last = RandomNumberGenerator.GetInt32(1, int.MaxValue);

    public int Next()
    {
        while (true)
        {
            int next = Interlocked.Increment(ref _last) & int.MaxValue;
            if (next != 0) return next;
        }
    }
}
