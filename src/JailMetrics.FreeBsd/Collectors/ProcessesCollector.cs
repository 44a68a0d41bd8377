using JailMetrics.FreeBsd.Scanning;
using JailMetrics.Model;
using JailMetrics.Sampling;

namespace JailMetrics.FreeBsd.Collectors;

/// <summary>
/// maxproc (processes) and nthr (threads) from kern.proc.proc: always for the host row (every process
/// on the machine), and for the jail rows when RACCT is unavailable — each process charged to its jail
/// and that jail's ancestors, the way RACCT would (see <see cref="FreeBsdScan.RowsChargedFor"/>).
/// </summary>
internal sealed class ProcessesCollector : ICollector<FreeBsdScan>
{
    public string Name => "processes";

    public void Collect(FreeBsdScan scan, CollectorWriter writer, CancellationToken cancellationToken)
    {
        var table = scan.Processes.Value;
        foreach (int row in KinfoRows.Of(scan))
            writer.Usage(row).Set(Resource.MaxProc, 0).Set(Resource.NThr, 0);

        for (int i = 0; i < table.Processes.Count; i++)
        {
            var process = table.Processes[i];
            foreach (int row in scan.RowsChargedFor(table.Rows[i]))
                writer.Usage(row).Add(Resource.MaxProc, 1).Add(Resource.NThr, process.Threads);
        }
    }
}

/// <summary>The rows the kern.proc.proc collectors fill: the host, plus every jail when RACCT does not cover them.</summary>
internal static class KinfoRows
{
    public static IEnumerable<int> Of(FreeBsdScan scan) =>
        scan.RacctCoversJails ? [0] : Enumerable.Range(0, scan.Jails.Count);
}
