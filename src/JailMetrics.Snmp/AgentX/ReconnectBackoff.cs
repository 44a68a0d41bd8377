namespace JailMetrics.Snmp.AgentX;

/// <summary>
/// Exponential backoff between reconnection attempts: <c>min, 2·min, 4·min, …</c> capped at max, each
/// shortened by up to a fifth at random so that sub-agents restarted together do not reconnect in
/// lockstep. <see cref="Reset"/> after a connection succeeds.
/// </summary>
public sealed class ReconnectBackoff
{
    private readonly TimeSpan _min;
    private readonly TimeSpan _max;
    private readonly Random _random;
    private int _failures;

    public ReconnectBackoff(TimeSpan min, TimeSpan max, Random? random = null)
    {
        if (min <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(min), min, "the minimum backoff must be positive");
        if (max < min) throw new ArgumentOutOfRangeException(nameof(max), max, "the maximum backoff must not be below the minimum");
        _min = min;
        _max = max;
        _random = random ?? Random.Shared;
    }

    /// <summary>The wait before the next attempt; each call counts one more failure.</summary>
    public TimeSpan Next()
    {
        // Doubling stops mattering long before 2^30; the cap keeps the shift from overflowing.
        double factor = Math.Pow(2, Math.Min(_failures, 30));
        _failures++;
        TimeSpan ceiling = TimeSpan.FromTicks((long)Math.Min(_max.Ticks, _min.Ticks * factor));
        return ceiling * (1 - 0.2 * _random.NextDouble());
    }

    public void Reset() => _failures = 0;
}
