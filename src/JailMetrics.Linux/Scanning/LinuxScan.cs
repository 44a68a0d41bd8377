using JailMetrics.Linux.Namespaces;
using JailMetrics.Linux.Native;
using JailMetrics.Model;

namespace JailMetrics.Linux.Scanning;

/// <summary>
/// Everything one sample's single pass found, handed to every collector: the process table, the
/// jail tree (index = position in the snapshot, 0 = host) and the means to read cgroups and namespaces.
/// </summary>
internal sealed class LinuxScan
{
    /// <summary>USER_HZ: the unit of the tick counts in /proc (fixed at 100 by the Linux ABI).</summary>
    public const double TicksPerSecond = 100.0;

    public required string ProcRoot { get; init; }
    public required ProcessTable Processes { get; init; }
    public required JailNode[] Nodes { get; init; }
    public required IReadOnlyList<JailInfo> Jails { get; init; }
    public required CgroupLayout Cgroups { get; init; }
    public required INamespaceReader Namespaces { get; init; }
    public required IFilesystemStats Filesystems { get; init; }
    public required DateTimeOffset Now { get; init; }
    public required DateTimeOffset BootTime { get; init; }

    /// <summary>CPU ticks of all CPUs but idle and iowait, from /proc/stat.</summary>
    public required ulong HostBusyTicks { get; init; }

    /// <summary>Where per-sample files are kept open between samples (see <see cref="KeptFiles"/>); null reads each with open/read/close.</summary>
    public KeptFiles? Kept { get; init; }

    public JailNode Host => Nodes[0];

    /// <summary>A whole text file <c>{directory}/{file}</c> read every sample, through a kept handle when there is one; null when it does not exist.</summary>
    public string? ReadEverySample(string directory, string file) =>
        Kept is { } kept ? kept.ReadText(directory, file) : NativeFs.ReadAllTextOrNull(Path.Combine(directory, file));

    /// <summary>The directory of the cgroup <paramref name="node"/> owns in <paramref name="hierarchy"/>; null when it owns none there.</summary>
    public string? OwnCgroupDirectory(JailNode node, string hierarchy) =>
        node.Cgroup is { } cg && node.Owns(hierarchy) && cg.ContainerPathIn(hierarchy) is { } path
            ? Cgroups.Directory(cg, hierarchy, path)
            : null;

    /// <summary>True when jail <paramref name="jail"/> is <paramref name="ancestor"/> or below it.</summary>
    public bool IsSelfOrDescendant(int jail, int ancestor)
    {
        for (int j = jail; j >= 0; j = Nodes[j].Parent)
            if (j == ancestor) return true;
        return false;
    }
}
