using JailMetrics.FreeBsd.Layouts;
using JailMetrics.FreeBsd.Scanning;
using JailMetrics.Model;
using JailMetrics.Sampling;

namespace JailMetrics.FreeBsd.Collectors;

/// <summary>
/// cputime (Σ ki_runtime, µs → seconds) and pcpu (Σ 100 × ki_pctcpu / FSCALE, percent of one core)
/// from kern.proc.proc, for the host and — without RACCT — the jails. Only living processes count:
/// the CPU time of exited ones is gone, so unlike RACCT's cputime this sum can go down.
/// </summary>
internal sealed class CpuCollector : ICollector<FreeBsdScan>
{
    public string Name => "cpu";

    public void Collect(FreeBsdScan scan, CollectorWriter writer, CancellationToken cancellationToken)
    {
        var table = scan.Processes.Value;
        foreach (int row in KinfoRows.Of(scan))
            writer.Usage(row).Set(Resource.CpuTime, 0).Set(Resource.Pcpu, 0);

        for (int i = 0; i < table.Processes.Count; i++)
        {
            var process = table.Processes[i];
            double seconds = process.RuntimeMicroseconds / 1e6;
            double percent = 100.0 * process.PctCpu / KinfoProcLayout.FScale;
            foreach (int row in scan.RowsChargedFor(table.Rows[i]))
                writer.Usage(row).Add(Resource.CpuTime, seconds).Add(Resource.Pcpu, percent);
        }
    }
}
