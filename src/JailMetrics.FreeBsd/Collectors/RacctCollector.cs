using JailMetrics.FreeBsd.Native;
using JailMetrics.FreeBsd.Scanning;
using JailMetrics.Sampling;

namespace JailMetrics.FreeBsd.Collectors;

/// <summary>
/// Every RACCT resource of every jail, from rctl_get_racct("jail:NAME") (read during the scan, see
/// <see cref="JailDiscovery"/>). Two kernel facts the figures carry (rctl(8); reference/freebsd.md §1.2–1.3):
/// a parent jail's figures <b>include its children's</b> (RACCT charges every ancestor prison), and
/// <c>openfiles</c> is the size of the processes' file-descriptor <b>tables</b>, not a count of open files.
/// cputime and wallclock are whole seconds, pcpu percent of one core, sizes bytes. Keys a newer kernel
/// adds are kept by the parser and ignored here. The host row gets nothing from RACCT: per-process
/// totals come from the processes, memory and cpu collectors instead.
/// </summary>
internal sealed class RacctCollector : ICollector<FreeBsdScan>
{
    public string Name => "racct";

    public void Collect(FreeBsdScan scan, CollectorWriter writer, CancellationToken cancellationToken)
    {
        // Without RACCT in the kernel there is nothing to read; Snapshot.RacctEnabled = false says so.
        // Refused access is different: the kernel has the data and this service is misconfigured.
        if (scan.Racct == RacctState.Denied)
            throw new FreeBsdNativeException("rctl_get_racct", Errno.EPERM, RacctStateText.Explain(scan.Racct));
        if (!scan.RacctCoversJails) return;

        for (int row = 1; row < scan.Jails.Count; row++)
            scan.Usage[row]?.CopyTo(writer.Usage(row));
    }
}
