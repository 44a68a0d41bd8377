namespace JailMetrics.Alerts;

/// <summary>What one sample says about one (rule, jail) pair, for <see cref="AlertTracker"/>.</summary>
internal abstract record AlertObservation
{
    /// <summary>The value and both thresholds, resolved for this jail and sample.</summary>
    public sealed record Measured(double Value, double Threshold, double Clear) : AlertObservation;

    /// <summary>
    /// The value was not sampled (the platform lacks it, or its collector failed this time): the alert
    /// holds its state, since resolving on a collector hiccup would drop an enforcement only to
    /// re-install it a sample later.
    /// </summary>
    public sealed record Unknown(string Reason) : AlertObservation;

    /// <summary>
    /// The rule no longer applies: the jail disappeared or stopped matching, the limit a percentage
    /// refers to is gone, or the rule left the configuration. The alert ends.
    /// </summary>
    public sealed record Ended(string Reason) : AlertObservation;
}
