using System.Globalization;
using JailMetrics.Rules;

namespace JailMetrics.Linux.Enforcement;

/// <summary>One cgroup write that stands for an rctl rule: which knob, in which hierarchy, and the value to put there.</summary>
public sealed record CgroupLimit(CgroupSetting Setting, string Value);

/// <summary>
/// Translates an rctl rule into the cgroup knob that enforces the same thing, or says why it cannot.
/// Only rules whose effect a cgroup limit reproduces are mapped (a rule that merely logs or signals
/// has no cgroup equivalent); the amount is per jail, as cgroups count the whole group.
/// </summary>
public static class CgroupLimitMap
{
    /// <summary>The CFS period jailmetrics writes with cpu.max (the kernel's default, 100 ms).</summary>
    public const long CpuPeriodMicroseconds = 100_000;

    // rctl's throttled I/O resources and the io.max keys that cap the same thing.
    private static readonly Dictionary<string, string> IoKeys = new(StringComparer.Ordinal)
    {
        ["readbps"] = "rbps",
        ["writebps"] = "wbps",
        ["readiops"] = "riops",
        ["writeiops"] = "wiops",
    };

    // The kernel refuses a CFS quota below 1 ms (cpu.max / cpu.cfs_quota_us return EINVAL).
    private const long MinimumQuotaMicroseconds = 1_000;

    /// <summary>
    /// Maps <paramref name="rule"/> onto <paramref name="hierarchies"/>. <paramref name="ioDevice"/> is the
    /// "major:minor" io.max needs for readbps/writebps; <paramref name="readV1Period"/> reads a v1 cgroup's
    /// cpu.cfs_period_us (the quota is relative to it).
    /// </summary>
    /// <returns>The limit, or null with <paramref name="error"/> saying why there is none.</returns>
    public static CgroupLimit? Map(RctlRule rule, CgroupHierarchies hierarchies, string? ioDevice, Func<string, long?> readV1Period,
        string cgroupPath, out string? error)
    {
        error = null;
        if (rule.Subject != RctlVocabulary.Jail)
            return Fail($"rule {rule}: only jail rules can become cgroup limits", out error);
        if (rule.Per is not null)
            return Fail($"rule {rule}: a cgroup limit counts the whole jail, so only per=jail rules map (not /{rule.Per})", out error);

        string amount = rule.Amount.ToString(CultureInfo.InvariantCulture);
        switch (rule.ResourceName, rule.Action)
        {
            case ("memoryuse", RctlVocabulary.Deny):
                return In(hierarchies, "memory", v2 => v2 ? new CgroupSetting("memory", "memory.max") : new CgroupSetting("memory", "memory.limit_in_bytes"),
                    (_, _) => amount, rule, out error);
            case ("maxproc", RctlVocabulary.Deny):
                return In(hierarchies, "pids", _ => new CgroupSetting("pids", "pids.max"), (_, _) => amount, rule, out error);
            case ("pcpu", RctlVocabulary.Deny):
                return In(hierarchies, "cpu", v2 => v2 ? new CgroupSetting("cpu", "cpu.max") : new CgroupSetting("cpu", "cpu.cfs_quota_us"),
                    (v2, root) => CpuValue(rule, v2, v2 ? CpuPeriodMicroseconds : readV1Period(CgroupHierarchies.Directory(root, cgroupPath))), rule, out error);
            case ("readbps" or "writebps" or "readiops" or "writeiops", RctlVocabulary.Throttle):
                if (ioDevice is null)
                    return Fail($"rule {rule}: io.max limits one block device, and no device is configured (give the enforcer a \"major:minor\" io device)", out error);
                string key = IoKeys[rule.ResourceName];
                var io = hierarchies.Find("io");
                if (io is not { V2: true })
                    return Fail($"rule {rule}: I/O limits are written to cgroup v2 io.max, and the io controller is not in a cgroup v2 hierarchy here", out error);
                return new CgroupLimit(new CgroupSetting("io", "io.max", ioDevice, key), amount);
            default:
                return Fail($"rule {rule}: {rule.ResourceName}:{rule.Action} has no cgroup equivalent " +
                            "(mapped: memoryuse:deny, maxproc:deny, pcpu:deny, readbps/writebps/readiops/writeiops:throttle)", out error);
        }
    }

    private static CgroupLimit? In(CgroupHierarchies hierarchies, string controller, Func<bool, CgroupSetting> setting,
        Func<bool, string, string?> value, RctlRule rule, out string? error)
    {
        error = null;
        if (hierarchies.Find(controller) is not { } found)
            return Fail($"rule {rule}: the {controller} controller is not mounted in any cgroup hierarchy", out error);
        string? text = value(found.V2, found.Root);
        if (text is null)
            return Fail($"rule {rule}: cannot turn the amount into a {controller} limit (CPU percent below the kernel's 1 ms quota, or cpu.cfs_period_us unreadable)", out error);
        return new CgroupLimit(setting(found.V2), text);
    }

    // pcpu is percent of one CPU; CFS wants a quota of run time per period (P% of one CPU = P/100 × period).
    private static string? CpuValue(RctlRule rule, bool v2, long? period)
    {
        if (period is not > 0) return null;
        long quota = rule.Amount * period.Value / 100;
        if (quota < MinimumQuotaMicroseconds) return null;
        string q = quota.ToString(CultureInfo.InvariantCulture);
        return v2 ? $"{q} {period.Value.ToString(CultureInfo.InvariantCulture)}" : q;
    }

    private static CgroupLimit? Fail(string message, out string? error)
    {
        error = message;
        return null;
    }
}
