using JailMetrics.Model;

namespace JailMetrics.Service.Prometheus;

/// <summary>One family of limit-breach counters (labels name, resource): its name, HELP, and the count it reads.</summary>
/// <param name="Read">The breach's count for this family, or null when the platform does not count it.</param>
internal sealed record BreachFamily(string Name, string Help, Func<LimitBreach, ulong?> Read);

/// <summary>
/// The kernel's limit-breach counts (<see cref="JailSample.Breaches"/>), one series per jail and RACCT
/// resource, so <c>increase(jail_limit_breaches_total[5m]) &gt; 0</c> pages on a jail held at a limit.
/// </summary>
internal static class BreachFamilyTable
{
    public static IReadOnlyList<BreachFamily> All { get; } =
    [
        new("jail_limit_breaches_total",
            "Times the kernel held the jail at a limit on the resource: Linux pids.events max (maxproc) and memory.events max or v1 memory.failcnt (memoryuse) " +
            "of the jail's cgroup; FreeBSD RCTL devctl events from devd, counted since the service started",
            breach => breach.Count),
        new("jail_limit_kills_total",
            "Processes the kernel killed at the jail's limit on the resource: the Linux OOM killer at the cgroup's memory limit (memory.events oom_kill)",
            breach => breach.Kills),
    ];

    /// <summary>The <c>resource</c> label: the RACCT name (maxproc, memoryuse).</summary>
    public static string ResourceLabel(Resource resource) => ResourceInfo.Of(resource).RctlName;
}
