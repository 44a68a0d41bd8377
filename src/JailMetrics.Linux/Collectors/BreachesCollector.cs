using JailMetrics.Linux.Parsing;
using JailMetrics.Linux.Scanning;
using JailMetrics.Model;
using JailMetrics.Sampling;

namespace JailMetrics.Linux.Collectors;

/// <summary>
/// How often each jail's own cgroup hit its limits (see <see cref="LimitBreach"/>):
/// <list type="bullet">
/// <item>maxproc: pids.events <c>max</c>, forks refused at pids.max (v2, and v1's pids controller);</item>
/// <item>memoryuse: v2 memory.events <c>max</c> (usage about to pass memory.max) with <c>oom_kill</c> as
/// the kills; v1 memory.failcnt (charges that hit memory.limit_in_bytes) with memory.oom_control's
/// <c>oom_kill</c> (Linux 4.13 and later).</item>
/// </list>
/// v2 is read where the jail's v2 cgroup has the controller's file, otherwise v1. Only a jail that owns
/// its cgroup gets counts (a shared cgroup's are not its own); the host, whose root cgroup has no
/// limits, gets none.
/// </summary>
internal sealed class BreachesCollector : ICollector<LinuxScan>
{
    public string Name => "breaches";

    public void Collect(LinuxScan scan, CollectorWriter writer, CancellationToken cancellationToken)
    {
        for (int j = 1; j < scan.Nodes.Length; j++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var node = scan.Nodes[j];
            // A list only for a jail that has counts (most have no limits): none per jail per sample.
            var memory = Memory(scan, node);
            var pids = Pids(scan, node);
            if (memory is not null && pids is not null) writer.SetBreaches(j, [memory, pids]);
            else if ((memory ?? pids) is { } one) writer.SetBreaches(j, [one]);
        }
    }

    private static LimitBreach? Memory(LinuxScan scan, JailNode node)
    {
        if (scan.OwnCgroupDirectory(node, CgroupLayout.V2) is { } v2 && scan.Cgroups.TryRead(v2, "memory.events", out var events)
            && FlatKeyedFile.Value(events, "max"u8) is { } max)
            return new LimitBreach(Resource.MemoryUse, max, FlatKeyedFile.Value(events, "oom_kill"u8));
        if (scan.OwnCgroupDirectory(node, "memory") is { } v1 && scan.Cgroups.TryRead(v1, "memory.failcnt", out var failcnt))
        {
            ulong failures = FlatKeyedFile.Single(failcnt); // before the next read reuses the buffer
            ulong? kills = scan.Cgroups.TryRead(v1, "memory.oom_control", out var oom) ? FlatKeyedFile.Value(oom, "oom_kill"u8) : null;
            return new LimitBreach(Resource.MemoryUse, failures, kills);
        }
        return null;
    }

    private static LimitBreach? Pids(LinuxScan scan, JailNode node)
    {
        foreach (string hierarchy in (ReadOnlySpan<string>)[CgroupLayout.V2, "pids"])
        {
            if (scan.OwnCgroupDirectory(node, hierarchy) is { } dir && scan.Cgroups.TryRead(dir, "pids.events", out var events)
                && FlatKeyedFile.Value(events, "max"u8) is { } max)
                return new LimitBreach(Resource.MaxProc, max);
        }
        return null;
    }
}
