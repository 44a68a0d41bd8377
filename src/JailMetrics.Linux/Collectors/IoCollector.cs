using JailMetrics.Linux.Parsing;
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
            && scan.Cgroups.TryRead(dir, "io.stat", out var stat))
            return ParseIoStat(stat);
        if (node.Owns("blkio") && cg.ContainerPathIn("blkio") is { } v1 && scan.Cgroups.Directory(cg, "blkio", v1) is { } dir1)
            return ReadBlkio(scan, dir1);
        return null;
    }

    private static IoCounters? HostCounters(LinuxScan scan)
    {
        if (scan.Cgroups.PureV2 && scan.Cgroups.V2Root is { } root && scan.Cgroups.TryRead(root, "io.stat", out var stat))
            return ParseIoStat(stat);
        return scan.Cgroups.V1RootDirectory("blkio") is { } dir ? ReadBlkio(scan, dir) : null;
    }

    private static IoCounters? ReadBlkio(LinuxScan scan, string dir)
    {
        // Each read reuses the layout's buffer: parse one file before reading the next.
        if (!ReadEither(scan, dir, "blkio.throttle.io_service_bytes_recursive", "blkio.throttle.io_service_bytes", out var bytes)) return null;
        var (rb, wb) = ParseBlkio(bytes);
        if (!ReadEither(scan, dir, "blkio.throttle.io_serviced_recursive", "blkio.throttle.io_serviced", out var ops)) return null;
        var (ro, wo) = ParseBlkio(ops);
        return new IoCounters(rb, wb, ro, wo);
    }

    private static bool ReadEither(LinuxScan scan, string dir, string file, string fallback, out ReadOnlySpan<byte> content) =>
        scan.Cgroups.TryRead(dir, file, out content) || scan.Cgroups.TryRead(dir, fallback, out content);

    /// <summary>v2 io.stat: one line per device, <c>MAJ:MIN rbytes=… wbytes=… rios=… wios=… dbytes=… dios=…</c>.</summary>
    internal static IoCounters ParseIoStat(ReadOnlySpan<byte> text)
    {
        double rb = 0, wb = 0, ro = 0, wo = 0;
        foreach (var range in text.SplitAny(" \n"u8))
        {
            var field = text[range];
            int eq = field.IndexOf((byte)'=');
            if (eq < 0) continue;
            if (!FlatKeyedFile.TryParse(field[(eq + 1)..], out ulong v)) continue;
            var key = field[..eq];
            if (key.SequenceEqual("rbytes"u8)) rb += v;
            else if (key.SequenceEqual("wbytes"u8)) wb += v;
            else if (key.SequenceEqual("rios"u8)) ro += v;
            else if (key.SequenceEqual("wios"u8)) wo += v;
        }
        return new IoCounters(rb, wb, ro, wo);
    }

    /// <summary>v1 blkio: lines <c>MAJ:MIN Read|Write|Sync|Async|Discard|Total N</c> and a last <c>Total N</c>.</summary>
    internal static (double Read, double Write) ParseBlkio(ReadOnlySpan<byte> text)
    {
        double read = 0, write = 0;
        Span<Range> f = stackalloc Range[4];
        foreach (var lineRange in text.Split((byte)'\n'))
        {
            var line = text[lineRange];
            int fields = 0;
            foreach (var range in line.Split((byte)' '))
            {
                if (line[range].IsEmpty) continue;
                if (fields < f.Length) f[fields] = range;
                fields++;
            }
            if (fields != 3 || !FlatKeyedFile.TryParse(line[f[2]], out ulong v)) continue;
            if (line[f[1]].SequenceEqual("Read"u8)) read += v;
            else if (line[f[1]].SequenceEqual("Write"u8)) write += v;
        }
        return (read, write);
    }
}
