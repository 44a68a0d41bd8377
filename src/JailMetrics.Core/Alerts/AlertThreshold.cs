using System.Globalization;
using JailMetrics.Model;
using JailMetrics.Rules;

namespace JailMetrics.Alerts;

/// <summary>
/// What a sampled value is compared with. An absolute amount is the same for every jail; a
/// percentage is resolved per jail and per sample against a limit that may change or be absent, in
/// which case the rule does not apply to that jail for now.
/// </summary>
public abstract record AlertThreshold
{
    /// <summary>The amount in the resource's base unit for <paramref name="jail"/>, or null and the reason it cannot be known.</summary>
    public abstract double? Resolve(JailSample jail, Snapshot snapshot, Resource resource, out string? whyNot);

    /// <summary>
    /// True when <paramref name="clear"/> is of the same form and refers to the same limit, so the two
    /// are comparable without a sample; <see cref="IsAbove"/> tells their order.
    /// </summary>
    internal abstract bool IsSameFormAs(AlertThreshold clear);

    /// <summary>With a threshold of the same form: whether this one is strictly above <paramref name="other"/>.</summary>
    internal abstract bool IsAbove(AlertThreshold other);

    protected static string Format(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}

/// <summary>An amount in the resource's base unit (bytes, seconds, percent of a CPU, counts).</summary>
public sealed record AbsoluteThreshold(double Amount) : AlertThreshold
{
    public override double? Resolve(JailSample jail, Snapshot snapshot, Resource resource, out string? whyNot)
    {
        whyNot = null;
        return Amount;
    }

    internal override bool IsSameFormAs(AlertThreshold clear) => clear is AbsoluteThreshold;

    internal override bool IsAbove(AlertThreshold other) => Amount > ((AbsoluteThreshold)other).Amount;

    public override string ToString() => Format(Amount);
}

/// <summary>A percentage of the jail's own limit on the resource (<c>80%</c>).</summary>
public sealed record JailLimitPercentThreshold(double Percent) : AlertThreshold
{
    public override double? Resolve(JailSample jail, Snapshot snapshot, Resource resource, out string? whyNot)
    {
        if (CappingLimit(jail, resource) is { } limit)
        {
            whyNot = null;
            return limit * Percent / 100;
        }
        string name = ResourceInfo.Of(resource).RctlName;
        whyNot = $"the rule's threshold is {this} of the jail's own {name} limit, and the jail has no deny (or throttle) limit on {name} counted per jail";
        return null;
    }

    /// <summary>
    /// The limit that caps the jail as a whole: a deny rule (throttle for the I/O rates, which cannot be
    /// denied) whose per is the jail. Per-process rules cap each process, not the jail's total, so a
    /// percentage of them would compare different things. Linux reports its cgroup limits as deny.
    /// </summary>
    private static double? CappingLimit(JailSample jail, Resource resource)
    {
        double? lowest = null;
        foreach (var limit in jail.Limits)
        {
            if (limit.Resource != resource) continue;
            if (limit.Action is not (RctlVocabulary.Deny or RctlVocabulary.Throttle)) continue;
            if (limit.Per is not (null or RctlVocabulary.Jail)) continue;
            lowest = lowest is null ? limit.Amount : Math.Min(lowest.Value, limit.Amount);
        }
        return lowest;
    }

    internal override bool IsSameFormAs(AlertThreshold clear) => clear is JailLimitPercentThreshold;

    internal override bool IsAbove(AlertThreshold other) => Percent > ((JailLimitPercentThreshold)other).Percent;

    public override string ToString() => Format(Percent) + "%";
}

/// <summary>A percentage of a host SysV IPC limit (<c>80%host.shmall</c>).</summary>
public sealed record HostLimitPercentThreshold(double Percent, HostIpcLimit Limit) : AlertThreshold
{
    public override double? Resolve(JailSample jail, Snapshot snapshot, Resource resource, out string? whyNot)
    {
        if (snapshot.HostIpcLimits.TryGetValue(Limit, out double limit))
        {
            whyNot = null;
            return limit * Percent / 100;
        }
        whyNot = $"the rule's threshold is {this}, and this sample does not know the host's {HostIpcLimitNames.NameOf(Limit)}";
        return null;
    }

    internal override bool IsSameFormAs(AlertThreshold clear) => clear is HostLimitPercentThreshold other && other.Limit == Limit;

    internal override bool IsAbove(AlertThreshold other) => Percent > ((HostLimitPercentThreshold)other).Percent;

    public override string ToString() => $"{Format(Percent)}%host.{HostIpcLimitNames.NameOf(Limit)}";
}
