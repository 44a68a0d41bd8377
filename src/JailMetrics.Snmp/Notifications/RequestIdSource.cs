using System.Security.Cryptography;

namespace JailMetrics.Snmp.Notifications;

/// <summary>
/// request-id and msgID values for outgoing messages: a random start (so a restarted sender does not
/// reuse the previous run's numbers, which an old retransmitted Response could then match), then +1,
/// kept in 1..2³¹−1 because msgID must be non-negative (RFC 3412 §6) and 0 is left unused. Thread-safe.
/// The random start is drawn with the first number, not at startup, for the reason
/// <see cref="Security.SaltGenerator"/> gives: a service that sends no notification never loads OpenSSL.
/// </summary>
internal sealed class RequestIdSource
{
    private readonly Lock _startLock = new();
    private int _last;
    private volatile bool _started;

    public int Next()
    {
        if (!_started) Start();
        while (true)
        {
            int next = Interlocked.Increment(ref _last) & int.MaxValue;
            if (next != 0) return next;
        }
    }

    private void Start()
    {
        lock (_startLock)
        {
            if (_started) return;
            _last = RandomNumberGenerator.GetInt32(1, int.MaxValue);
            _started = true;
        }
    }
}
