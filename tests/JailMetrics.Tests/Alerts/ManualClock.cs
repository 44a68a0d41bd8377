namespace JailMetrics.Tests.Alerts;

/// <summary>
/// A clock the test moves by hand, so a rule's <c>For</c> elapses without waiting. Both the wall
/// clock and the monotonic timestamp move: the evaluator measures <c>For</c> on the latter.
/// </summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;
    private long _ticks;

    public override DateTimeOffset GetUtcNow() => _now;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => _ticks;

    public void Advance(TimeSpan by)
    {
        _now += by;
        _ticks += by.Ticks;
    }
}
