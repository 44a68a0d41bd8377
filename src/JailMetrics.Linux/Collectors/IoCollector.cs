using System.Globalization;
using JailMetrics.Linux.Scanning;
using JailMetrics.Model;
using JailMetrics.Sampling;

namespace JailMetrics.Linux.Collectors;

/// <summary>
/// Cumulative block I/O of a jail's own cgroup, summed over devices: v2 io.stat (rbytes, wbytes,
/// rios, wios) or v1 blkio.throttle.io_service_bytes / io_serviced ("Read"/"Write"; the _recursive
/// variants when present, so sub-cgroups count). The store derives readbps, writebps, readiops and
/// writeiops from these. Absent for a jail that does not own its cgroup, or whose cgroup has no I/O
/// accounting; the host reads the root cgroup.
/// </summary>
internal sealed class IoCollector : ICollector<LinuxScan>
{
    public string Name => "io";

    public void Collect(LinuxScan scan, CollectorWriter writer, CancellationToken cancellationToken)
    {
        for (int j = 0; j < scan.Nodes.Length; j++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var counters = j == 0 ? HostCounters(scan) : JailCounters(scan, scan.Nodes[j]);
            if (counters is not { } c) continue;
            writer.Usage(j)
                .Set(Resource.IoReadBytes, c.ReadBytes).Set(Resource.IoWriteBytes, c.WriteBytes)
                .Set(Resource.IoReadOps, c.ReadOps).Set(Resource.IoWriteOps, c.WriteOps);
        }
    }

    internal readonly record struct IoCounters(double ReadBytes, double WriteBytes, double ReadOps, double WriteOps);

    private static IoCounters? JailCounters(LinuxScan scan, JailNode node)
    {
        if (node.Cgroup is not { } cg) return null;
        if (node.Owns(CgroupLayout.V2) && cg.ContainerPathIn(CgroupLayout.V2) is { } v2 && scan.Cgroups.Directory(cg, CgroupLayout.V2, v2) is { } dir
            && scan.Cgroups.Read(dir, "io.stat") is { } stat)
            return ParseIoStat(stat);
        if (node.Owns("blkio") && cg.ContainerPathIn("blkio") is { } v1 && scan.Cgroups.Directory(cg, "blkio", v1) is { } dir1)
            return ReadBlkio(scan, dir1);
        return null;
    }

    private static IoCounters? HostCounters(LinuxScan scan)
    {
        if (scan.Cgroups.PureV2 && scan.Cgroups.V2Root is { } root && scan.Cgroups.Read(root, "io.stat") is { } stat)
            return ParseIoStat(stat);
        return scan.Cgroups.V1RootDirectory("blkio") is { } dir ? ReadBlkio(scan, dir) : null;
    }

    private static IoCounters? ReadBlkio(LinuxScan scan, string dir)
    {
        var bytes = scan.Cgroups.Read(dir, "blkio.throttle.io_service_bytes_recursive")
            ?? scan.Cgroups.Read(dir, "blkio.throttle.io_service_bytes");
        var ops = scan.Cgroups.Read(dir, "blkio.throttle.io_serviced_recursive")
            ?? scan.Cgroups.Read(dir, "blkio.throttle.io_serviced");
        if (bytes is null || ops is null) return null;
        var (rb, wb) = ParseBlkio(bytes);
        var (ro, wo) = ParseBlkio(ops);
        return new IoCounters(rb, wb, ro, wo);
    }

    /// <summary>v2 io.stat: one line per device, <c>MAJ:MIN rbytes=… wbytes=… rios=… wios=… dbytes=… dios=…</c>.</summary>
    internal static IoCounters ParseIoStat(string text)
    {
        double rb = 0, wb = 0, ro = 0, wo = 0;
        foreach (var line in text.Split('\n'))
        {
            foreach (var field in line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                int eq = field.IndexOf('=');
                if (eq < 0) continue;
                if (!ulong.TryParse(field.AsSpan(eq + 1), NumberStyles.None, CultureInfo.InvariantCulture, out ulong v)) continue;
                switch (field.AsSpan(0, eq))
                {
                    case "rbytes": rb += v; break;
                    case "wbytes": wb += v; break;
                    case "rios": ro += v; break;
                    case "wios": wo += v; break;
                }
            }
        }
        return new IoCounters(rb, wb, ro, wo);
    }

    /// <summary>v1 blkio: lines <c>MAJ:MIN Read|Write|Sync|Async|Discard|Total N</c> and a last <c>Total N</c>.</summary>
    internal static (double Read, double Write) ParseBlkio(string text)
    {
        double read = 0, write = 0;
        foreach (var line in text.Split('\n'))
        {
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length != 3 || !ulong.TryParse(f[2], NumberStyles.None, CultureInfo.InvariantCulture, out ulong v)) continue;
            if (f[1] == "Read") read += v;
            else if (f[1] == "Write") write += v;
        }
        return (read, write);
    }
}
