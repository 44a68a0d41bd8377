namespace JailMetrics.Snmp.Security;

/// <summary>What the authoritative engine's timeliness check found (RFC 3414 §3.2 step 7a).</summary>
public enum TimelinessVerdict
{
    InTimeWindow,

    /// <summary>Our own snmpEngineBoots is latched at 2147483647: nothing authenticated is accepted.</summary>
    EngineBootsLatched,

    /// <summary>msgAuthoritativeEngineBoots is not our snmpEngineBoots (a stale or replayed message, or a manager that missed a restart).</summary>
    EngineBootsDiffer,

    /// <summary>msgAuthoritativeEngineTime is more than 150 seconds from our snmpEngineTime.</summary>
    EngineTimeOutsideWindow,
}

/// <summary>
/// The replay protection of authenticated messages to this (authoritative) engine, RFC 3414 §3.2
/// step 7a. Every verdict but <see cref="TimelinessVerdict.InTimeWindow"/> is counted as
/// usmStatsNotInTimeWindows and answered with an authenticated Report carrying our boots and time,
/// from which the manager resynchronizes.
/// </summary>
public static class TimelinessCheck
{
    /// <summary>RFC 3414 §2.2.3: the window is 150 seconds either side (net-snmp USM_TIME_WINDOW).</summary>
    public const int WindowSeconds = 150;

    public static TimelinessVerdict Check(EngineClock own, long messageBoots, long messageTime)
    {
        if (own.Boots == EngineState.MaxValue) return TimelinessVerdict.EngineBootsLatched;
        if (messageBoots != own.Boots) return TimelinessVerdict.EngineBootsDiffer;
        if (Math.Abs(messageTime - own.Time) > WindowSeconds) return TimelinessVerdict.EngineTimeOutsideWindow;
        return TimelinessVerdict.InTimeWindow;
    }
}
