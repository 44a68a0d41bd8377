using JailMetrics.Linux.Scanning;
using JailMetrics.Sampling;

namespace JailMetrics.Linux.Collectors;

/// <summary>
/// Space and inodes of each jail's root filesystem: statfs of <c>{ProcRoot}/INIT/root</c>, which
/// reaches the jail's root even inside its mount namespace. A slow fact (see <see cref="SlowFacts"/>):
/// read on full samples and a jail's first, carried in between.
/// </summary>
internal sealed class DiskCollector : ICollector<LinuxScan>
{
    public string Name => "disk";

    public void Collect(LinuxScan scan, CollectorWriter writer, CancellationToken cancellationToken)
    {
        for (int j = 0; j < scan.Nodes.Length; j++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var facts = scan.Nodes[j].Facts;
            if (!facts.FilesystemRead)
            {
                facts.Filesystem = StatFs(scan, j);
                facts.FilesystemRead = true;
            }
            if (facts.Filesystem is { } fs) writer.SetFilesystem(j, fs);
        }
    }

    private static Model.FilesystemUsage? StatFs(LinuxScan scan, int j)
    {
        var fs = scan.Filesystems.StatFs($"{scan.ProcRoot}/{scan.Nodes[j].InitPid}/root", scan.Jails[j].Path);
        // The host's pid 1 may hide its root (another user namespace, a restricted ptrace scope): the host's root is ours.
        if (fs is null && j == 0) fs = scan.Filesystems.StatFs("/", "/");
        return fs;
    }
}
