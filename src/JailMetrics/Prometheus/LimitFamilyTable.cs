using JailMetrics.Model;

namespace JailMetrics.Service.Prometheus;

/// <summary>One family of limits on a RACCT resource (labels name, action, per).</summary>
internal sealed record LimitFamily(string Name, string Help, Resource Resource);

/// <summary>
/// The limits installed on jails (rctl rules on FreeBSD, the cgroup limits that map onto RACCT
/// resources on Linux), one family per resource, named after its usage family with <c>jail_limit_</c>
/// in front and in the same unit, so <c>jail_memoryuse_bytes / on(name) jail_limit_memoryuse_bytes{action="deny"}</c>
/// is the share of the limit in use.
/// </summary>
internal static class LimitFamilyTable
{
    public static IReadOnlyList<LimitFamily> All { get; } =
    [
        .. JailFamilyTable.All
            .Where(row => row.Resource is not null)
            .Select(row => new LimitFamily(LimitName(row.Name), LimitHelp(row.Resource!.Value), row.Resource!.Value)),
    ];

    /// <summary><c>jail_memoryuse_bytes</c> → <c>jail_limit_memoryuse_bytes</c>; counters and rates lose <c>_total</c>/<c>_used</c>.</summary>
    private static string LimitName(string usageFamily)
    {
        string stem = usageFamily["jail_".Length..];
        if (stem.EndsWith("_total", StringComparison.Ordinal)) stem = stem[..^"_total".Length];
        if (stem.EndsWith("_used", StringComparison.Ordinal)) stem = stem[..^"_used".Length];
        return "jail_limit_" + stem;
    }

    private static string LimitHelp(Resource resource) =>
        $"Limit on RACCT {ResourceInfo.Of(resource).RctlName} ({ResourceInfo.Of(resource).Unit}) installed for the jail, by rctl(8) action; " +
        "per is the subject the amount applies to (jail, or process for per-process rules)";
}
