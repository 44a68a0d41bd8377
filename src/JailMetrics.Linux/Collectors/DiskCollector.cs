using JailMetrics.Linux.Scanning;
using JailMetrics.Sampling;

namespace JailMetrics.Linux.Collectors;

/// <summary>Space and inodes of each jail's root filesystem: statfs of <c>{ProcRoot}/INIT/root</c>, which reaches the jail's root even inside its mount namespace.</summary>
internal sealed class DiskCollector : ICollector<LinuxScan>
{
    public string Name => "disk";

    public void Collect(LinuxScan scan, CollectorWriter writer, CancellationToken cancellationToken)
    {
        for (int j = 0; j < scan.Nodes.Length; j++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var node = scan.Nodes[j];
            var fs = scan.Filesystems.StatFs($"{scan.ProcRoot}/{node.InitPid}/root", scan.Jails[j].Path);
            // The host's pid 1 may hide its root (another user namespace, a restricted ptrace scope): the host's root is ours.
            if (fs is null && j == 0) fs = scan.Filesystems.StatFs("/", "/");
            if (fs is not null) writer.SetFilesystem(j, fs);
        }
    }
}
