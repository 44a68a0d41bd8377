using JailMetrics.Linux.Scanning;
using JailMetrics.Model;
using JailMetrics.Sampling;

namespace JailMetrics.Linux.Collectors;

/// <summary>
/// openfiles (sum of the fd counts) and pseudoterminals. Linux has no per-namespace pty count that
/// costs nothing, so pseudoterminals is the number of distinct controlling terminals of the jail's
/// processes that are Unix98 pty slaves (major 136..143, stat tty_nr): a pty the jail holds open
/// without it being anyone's controlling terminal is not counted.
/// </summary>
internal sealed class FilesCollector : ICollector<LinuxScan>
{
    public string Name => "files";

    public void Collect(LinuxScan scan, CollectorWriter writer, CancellationToken cancellationToken)
    {
        int n = scan.Nodes.Length;
        var files = new long[n];
        var ptys = new HashSet<int>?[n];
        var table = scan.Processes;
        for (int i = 0; i < table.Count; i++)
        {
            ref var p = ref table[i];
            bool pty = IsUnix98Pty(p.TtyNr);
            for (int j = p.Jail; j >= 0; j = scan.Nodes[j].Parent)
            {
                if (p.OpenFiles > 0) files[j] += p.OpenFiles;
                if (pty) (ptys[j] ??= []).Add(p.TtyNr);
            }
        }
        for (int j = 0; j < n; j++)
            writer.Usage(j).Set(Resource.OpenFiles, files[j]).Set(Resource.PseudoTerminals, ptys[j]?.Count ?? 0);
    }

    /// <summary>tty_nr encodes major in bits 8..19 and minor in bits 0..7 and 20..31; Unix98 pty slaves have majors 136..143.</summary>
    internal static bool IsUnix98Pty(int ttyNr)
    {
        int major = (ttyNr >> 8) & 0xfff;
        return major is >= 136 and <= 143;
    }
}
