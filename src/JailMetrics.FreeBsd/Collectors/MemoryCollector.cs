using JailMetrics.FreeBsd.Scanning;
using JailMetrics.Model;
using JailMetrics.Sampling;

namespace JailMetrics.FreeBsd.Collectors;

/// <summary>
/// memoryuse (RSS: ki_rssize pages × hw.pagesize, kernel stacks included) and vmemoryuse (ki_size
/// bytes) from kern.proc.proc, for the host and — without RACCT — the jails (reference/freebsd.md §3.2).
/// Shared pages count once per process, so sums over-state shared libraries, as RACCT's memoryuse does too.
/// </summary>
internal sealed class MemoryCollector : ICollector<FreeBsdScan>
{
    public string Name => "memory";

    public void Collect(FreeBsdScan scan, CollectorWriter writer, CancellationToken cancellationToken)
    {
        var table = scan.Processes.Value;
        long pageSize = scan.PageSize.Value;
        foreach (int row in KinfoRows.Of(scan))
            writer.Usage(row).Set(Resource.MemoryUse, 0).Set(Resource.VMemoryUse, 0);

        for (int i = 0; i < table.Processes.Count; i++)
        {
            var process = table.Processes[i];
            foreach (int row in scan.RowsChargedFor(table.Rows[i]))
            {
                writer.Usage(row)
                    .Add(Resource.MemoryUse, (double)process.ResidentPages * pageSize)
                    .Add(Resource.VMemoryUse, process.VirtualSizeBytes);
            }
        }
    }
}
