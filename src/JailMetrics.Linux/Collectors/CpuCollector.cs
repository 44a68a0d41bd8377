using JailMetrics.Linux.Parsing;
using JailMetrics.Linux.Scanning;
using JailMetrics.Model;
using JailMetrics.Sampling;

namespace JailMetrics.Linux.Collectors;

/// <summary>
/// cputime in seconds and wallclock. A jail that owns its cgroup reports the cgroup's counter
/// (v2 cpu.stat usage_usec, v1 cpuacct.usage in ns): it keeps the time of exited processes and has µs
/// resolution. Otherwise it is the utime+stime of its live processes (10 ms ticks; it drops when a
/// process exits, which the store treats as no rate). The host reports the root cpuacct.usage or
/// /proc/stat's busy time.
/// </summary>
internal sealed class CpuCollector : ICollector<LinuxScan>
{
    public string Name => "cpu";

    public void Collect(LinuxScan scan, CollectorWriter writer, CancellationToken cancellationToken)
    {
        int n = scan.Nodes.Length;
        var ticks = new double[n];
        var table = scan.Processes;
        for (int i = 0; i < table.Count; i++)
        {
            ref var p = ref table[i];
            for (int j = p.Jail; j >= 0; j = scan.Nodes[j].Parent) ticks[j] += p.CpuTicks;
        }

        for (int j = 0; j < n; j++)
        {
            double seconds = (j == 0 ? HostSeconds(scan) : CgroupSeconds(scan, scan.Nodes[j]))
                ?? ticks[j] / LinuxScan.TicksPerSecond;
            var usage = writer.Usage(j).Set(Resource.CpuTime, seconds);
            if (scan.Jails[j].StartTime is { } start)
                usage.Set(Resource.Wallclock, Math.Max(0, (scan.Now - start).TotalSeconds));
        }
    }

    private static double? HostSeconds(LinuxScan scan)
    {
        if (scan.Cgroups.V1RootDirectory("cpuacct") is { } dir && scan.Cgroups.TryRead(dir, "cpuacct.usage", out var ns))
            return FlatKeyedFile.Single(ns) / 1e9;
        return scan.HostBusyTicks > 0 ? scan.HostBusyTicks / LinuxScan.TicksPerSecond : null;
    }

    /// <summary>The jail's own cgroup's CPU time, or null when it owns none that accounts CPU.</summary>
    internal static double? CgroupSeconds(LinuxScan scan, JailNode node)
    {
        if (node.Cgroup is not { } cg) return null;
        if (node.Owns(CgroupLayout.V2) && cg.ContainerPathIn(CgroupLayout.V2) is { } v2 && scan.Cgroups.Directory(cg, CgroupLayout.V2, v2) is { } dir
            && scan.Cgroups.TryRead(dir, "cpu.stat", out var stat))
        {
            foreach (var range in stat.Split((byte)'\n'))
                if (stat[range].StartsWith("usage_usec "u8)) return FlatKeyedFile.Single(stat[range][11..]) / 1e6;
        }
        if (node.Owns("cpuacct") && cg.ContainerPathIn("cpuacct") is { } v1 && scan.Cgroups.Directory(cg, "cpuacct", v1) is { } dir1
            && scan.Cgroups.TryRead(dir1, "cpuacct.usage", out var usage))
            return FlatKeyedFile.Single(usage) / 1e9;
        return null;
    }
}
