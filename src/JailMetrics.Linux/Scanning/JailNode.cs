namespace JailMetrics.Linux.Scanning;

/// <summary>One jail of a scan (index 0 is the host): its PID namespace, init, place in the tree and cgroup.</summary>
internal sealed class JailNode
{
    public int Index { get; init; }

    /// <summary>The PID namespace inode (the host's real inode for the host too).</summary>
    public long PidNs { get; init; }

    /// <summary>The parent jail's index; -1 for the host. Jails directly under the host have 0.</summary>
    public int Parent { get; set; } = -1;

    /// <summary>The representative process: the namespace's init (innermost pid 1), else its lowest pid.</summary>
    public int InitIndex { get; set; } = -1;

    public int InitPid { get; set; }

    public bool Dying { get; set; }

    public long NetNs { get; set; }
    public long IpcNs { get; set; }
    public long UtsNs { get; set; }

    public CgroupMembership? Cgroup { get; set; }

    /// <summary>Hostname, addresses, root and filesystem: read on full samples and the jail's first, carried otherwise (see <see cref="SlowFacts"/>).</summary>
    public JailFacts Facts { get; set; } = new();

    /// <summary>The cgroup path the jail is named by (see <see cref="CgroupMembership.NamingPath"/>).</summary>
    public string NamingPath { get; set; } = "/";

    /// <summary>True when the jail has a cgroup of its own (its naming path is not its parent's nor the root).</summary>
    public bool HasOwnCgroup { get; set; }

    /// <summary>The hierarchies (<see cref="CgroupLayout.V2"/>, <c>cpuacct</c>, <c>blkio</c>, <c>memory</c>, <c>pids</c>) whose cgroup of the init holds nothing but this jail and its descendants.</summary>
    public HashSet<string> OwnedHierarchies { get; } = new(StringComparer.Ordinal);

    public bool Owns(string hierarchy) => OwnedHierarchies.Contains(hierarchy);
}
