namespace JailMetrics.Model;

/// <summary>
/// How often the kernel has held a jail at a limit on one resource: a cumulative count that only
/// falls when the jail restarts (on Linux, when its cgroup is made anew).
/// </summary>
/// <remarks>
/// Linux: maxproc is pids.events <c>max</c> (a fork refused at pids.max), memoryuse is memory.events
/// <c>max</c> on cgroup v2 and memory.failcnt on v1 (a charge that hit the limit and had to reclaim),
/// both of the jail's own cgroup. FreeBSD: the RCTL events devd relays for the jail's rules with
/// action <c>devctl</c> (rctl(8)), counted since the service started.
/// </remarks>
/// <param name="Count">Times the limit was hit.</param>
/// <param name="Kills">
/// Processes the kernel killed at that limit: Linux's OOM killer at the memory limit (memory.events
/// <c>oom_kill</c>, or memory.oom_control's on v1); null where the platform does not count them.
/// </param>
public sealed record LimitBreach(Resource Resource, ulong Count, ulong? Kills = null);
