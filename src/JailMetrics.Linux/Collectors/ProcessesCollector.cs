using JailMetrics.Linux.Scanning;
using JailMetrics.Model;
using JailMetrics.Sampling;

namespace JailMetrics.Linux.Collectors;

/// <summary>maxproc (processes) and nthr (threads) of each jail, its descendants' included.</summary>
internal sealed class ProcessesCollector : ICollector<LinuxScan>
{
    public string Name => "processes";

    public void Collect(LinuxScan scan, CollectorWriter writer, CancellationToken cancellationToken)
    {
        var procs = new long[scan.Nodes.Length];
        var threads = new long[scan.Nodes.Length];
        var table = scan.Processes;
        for (int i = 0; i < table.Count; i++)
        {
            ref var p = ref table[i];
            for (int j = p.Jail; j >= 0; j = scan.Nodes[j].Parent)
            {
                procs[j]++;
                threads[j] += p.Threads;
            }
        }
        for (int j = 0; j < procs.Length; j++)
            writer.Usage(j).Set(Resource.MaxProc, procs[j]).Set(Resource.NThr, threads[j]);
    }
}
