using JailMetrics.FreeBsd.Layouts;
using JailMetrics.FreeBsd.Native;
using JailMetrics.FreeBsd.Scanning;
using JailMetrics.Sampling;

namespace JailMetrics.FreeBsd.Collectors;

/// <summary>
/// Space and inodes of the filesystem holding each jail's root: statfs(2) of the jail's <c>path</c>
/// (as seen from our root), and of "/" for the host row. A jail whose path cannot be read (removed
/// while dying) is skipped; the collector fails only when no path at all could be read.
/// </summary>
internal sealed class DiskCollector : ICollector<FreeBsdScan>
{
    public string Name => "disk";

    public void Collect(FreeBsdScan scan, CollectorWriter writer, CancellationToken cancellationToken)
    {
        int read = 0;
        FreeBsdNativeException? lastError = null;
        for (int row = 0; row < scan.Jails.Count; row++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string path = scan.Records[row]?.Path ?? "/";
            if (scan.Native.Statfs(path, out byte[] statfs, out int errno) < 0)
            {
                lastError = new FreeBsdNativeException($"statfs {path}", errno);
                continue;
            }

            writer.SetFilesystem(row, StatfsLayout.Read(statfs));
            read++;
        }

        if (read == 0 && lastError is not null) throw lastError;
    }
}
