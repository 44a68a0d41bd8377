using JailMetrics.Linux.Scanning;
using JailMetrics.Model;
using JailMetrics.Sampling;

namespace JailMetrics.Linux.Collectors;

/// <summary>
/// memoryuse (sum of VmRSS), vmemoryuse (sum of stat vsize, = VmSize) and swapuse (sum of VmSwap) of
/// each jail's processes and its descendants'. Shared pages count once per process, as RACCT does.
/// </summary>
internal sealed class MemoryCollector : ICollector<LinuxScan>
{
    public string Name => "memory";

    public void Collect(LinuxScan scan, CollectorWriter writer, CancellationToken cancellationToken)
    {
        int n = scan.Nodes.Length;
        var rss = new double[n];
        var vsize = new double[n];
        var swap = new double[n];
        var table = scan.Processes;
        for (int i = 0; i < table.Count; i++)
        {
            ref var p = ref table[i];
            for (int j = p.Jail; j >= 0; j = scan.Nodes[j].Parent)
            {
                rss[j] += p.RssBytes;
                vsize[j] += p.VSizeBytes;
                swap[j] += p.SwapBytes;
            }
        }
        for (int j = 0; j < n; j++)
            writer.Usage(j).Set(Resource.MemoryUse, rss[j]).Set(Resource.VMemoryUse, vsize[j]).Set(Resource.SwapUse, swap[j]);
    }
}
