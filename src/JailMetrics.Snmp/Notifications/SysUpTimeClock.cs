namespace JailMetrics.Snmp.Notifications;

/// <summary>
/// sysUpTime (RFC 3418): hundredths of a second since the SNMP entity's management part started,
/// wrapping at 2³² as TimeTicks do (RFC 2578 §7.1.8). Notifications carry it as their first varbind
/// so a receiver can order them and tell a restart (it goes back to small values).
/// </summary>
public sealed class SysUpTimeClock
{
    private readonly TimeProvider _time;
    private readonly long _startedAt;

    public SysUpTimeClock(TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        _startedAt = _time.GetTimestamp();
    }

    public uint Hundredths => unchecked((uint)(_time.GetElapsedTime(_startedAt).Ticks / (TimeSpan.TicksPerMillisecond * 10)));
}
