namespace JailMetrics.Service.Inbound;

/// <summary>What became of each received alert, per route it matched (or once when it matched none).</summary>
public enum InboundAlertResult
{
    /// <summary>A firing alert's enforcement was installed (or, in a dry run, logged).</summary>
    Applied,
    /// <summary>A firing alert already applied: Alertmanager sends a group's alerts with every notification.</summary>
    Duplicate,
    /// <summary>A resolved alert's enforcement was removed (or, in a dry run, logged).</summary>
    Removed,
    /// <summary>Resolved, but its route is sticky: the limit stays.</summary>
    KeptSticky,
    /// <summary>Resolved, but another firing alert holds the same limit on the same jail: it stays.</summary>
    StillHeld,
    /// <summary>Resolved, but never applied here (another host's, or before this service saw it).</summary>
    NotApplied,
    /// <summary>No route takes the alert.</summary>
    Unmatched,
    /// <summary>A route matched, but the alert lacks the route's jail label.</summary>
    NoJailLabel,
    /// <summary>The jail the alert names is not running here (or is the host).</summary>
    JailNotHere,
    /// <summary>The jail's name cannot stand in an rctl rule.</summary>
    InvalidJailName,
    /// <summary>The enforcer would not install or remove the limit (one it did not set, or no equivalent here); a firing alert is not remembered.</summary>
    Refused,
    /// <summary>The enforcer could not install or remove the limit (kernel or file error, cgroup unknown); a firing alert is not remembered.</summary>
    Failed,
}

/// <summary>What became of each webhook request.</summary>
public enum InboundRequestResult
{
    Accepted,
    /// <summary>Answered 400: not Alertmanager's webhook JSON.</summary>
    Invalid,
    /// <summary>Answered 413: larger than Inbound:MaxBodyBytes.</summary>
    TooLarge,
    /// <summary>Answered 503: the queue was full; Alertmanager retries.</summary>
    Busy,
}

/// <summary>Counters of the inbound receiver, read by the metrics; safe from any thread.</summary>
public sealed class InboundStats
{
    private readonly long[] _alerts = new long[Enum.GetValues<InboundAlertResult>().Length];
    private readonly long[] _requests = new long[Enum.GetValues<InboundRequestResult>().Length];

    public void Count(InboundAlertResult result) => Interlocked.Increment(ref _alerts[(int)result]);

    public void Count(InboundRequestResult result) => Interlocked.Increment(ref _requests[(int)result]);

    public long this[InboundAlertResult result] => Interlocked.Read(ref _alerts[(int)result]);

    public long this[InboundRequestResult result] => Interlocked.Read(ref _requests[(int)result]);
}
