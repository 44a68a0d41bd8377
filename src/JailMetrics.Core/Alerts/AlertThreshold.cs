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
    /// The value compared with this threshold: the jail's sampled usage of <paramref name="resource"/>;
    /// null and the reason when it is not known. <paramref name="before"/> is the previous sample
    /// (null at the service's first), for thresholds on what changed between the two.
    /// </summary>
    public virtual double? Measure(JailSample jail, Snapshot? before, Resource resource, out string? whyNot)
    {
        if (jail.Usage.TryGet(resource, out double value))
        {
            whyNot = null;
            return value;
        }
        whyNot = $"{ResourceInfo.Of(resource).RctlName} is not sampled for this jail (the platform has no such measure, or its collector failed)";
        return null;
    }

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

/// <summary>
/// <c>breach</c>: the value is the number of times the kernel held the jail at its limit on the
/// resource since the previous sample (<see cref="JailSample.Breaches"/>), so the alert fires on a
/// sample with new breaches and resolves on one without. The threshold is 0.
/// </summary>
public sealed record BreachThreshold : AlertThreshold
{
    public const string Keyword = "breach";

    public override double? Resolve(JailSample jail, Snapshot snapshot, Resource resource, out string? whyNot)
    {
        whyNot = null;
        return 0;
    }

    /// <summary>
    /// The breaches new since <paramref name="before"/>: the difference of the two counts of the same
    /// jail incarnation, or the whole count when the jail (or its count) is new or restarted from zero.
    /// At the service's first sample nothing is known to be new, so the value is unknown.
    /// </summary>
    public override double? Measure(JailSample jail, Snapshot? before, Resource resource, out string? whyNot)
    {
        string name = ResourceInfo.Of(resource).RctlName;
        if (jail.BreachOf(resource) is not { } now)
        {
            whyNot = $"the jail has no {name} breach count (Linux: it has no cgroup of its own with a {name} limit to breach; FreeBSD: no devctl rule on {name} has matched yet)";
            return null;
        }
        if (before is null)
        {
            whyNot = "breaches are counted from the service's second sample on: the first one is the baseline";
            return null;
        }
        whyNot = null;
        var then = before.Find(jail.Name);
        ulong previous = then is not null && then.Info.Id == jail.Info.Id && then.BreachOf(resource) is { } old && old.Count <= now.Count ? old.Count : 0;
        return now.Count - previous;
    }

    internal override bool IsSameFormAs(AlertThreshold clear) => clear is BreachThreshold;

    internal override bool IsAbove(AlertThreshold other) => false;

    public override string ToString() => Keyword;
}
