namespace JailMetrics.Service.Snmp;

/// <summary>
/// sysUpTime as the binding's TimeStamp columns count it: hundredths of a second since the service
/// started, wrapping at 2³² like TimeTicks. Started when the container creates it, at service start.
/// </summary>
public sealed class AgentUptime
{
    private readonly TimeProvider _time;
    private readonly long _start;

    public AgentUptime(TimeProvider time)
    {
        _time = time;
        _start = time.GetTimestamp();
    }

    /// <summary>Now, in TimeTicks.</summary>
    public uint Now => unchecked((uint)(long)(_time.GetElapsedTime(_start).TotalMilliseconds / 10));
}
