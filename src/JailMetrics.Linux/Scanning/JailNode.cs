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
    public JailFacts Facts { get; set; } = null!; // set by JailDiscovery from SlowFacts before anything reads it

    /// <summary>The cgroup path the jail is named by (see <see cref="CgroupMembership.NamingPath"/>).</summary>
    public string NamingPath { get; set; } = "/";

    /// <summary>True when the jail has a cgroup of its own (its naming path is not its parent's nor the root).</summary>
    public bool HasOwnCgroup { get; set; }

    /// <summary>
    /// The hierarchies a jail can own its cgroup in: cgroup v2 (<see cref="CgroupLayout.V2"/>), cpuacct and
    /// blkio for the cpu and io counters, memory and pids for the limit-breach counts.
    /// </summary>
    public static readonly string[] OwnableHierarchies = [CgroupLayout.V2, "cpuacct", "blkio", "memory", "pids"];

    private int _owned; // bit i: owns OwnableHierarchies[i] (a set of five needs no HashSet per jail per sample)

    /// <summary>Marks whether the init's cgroup in <paramref name="hierarchy"/> (one of <see cref="OwnableHierarchies"/>) holds nothing but this jail and its descendants.</summary>
    public void SetOwns(string hierarchy, bool owns)
    {
        int bit = 1 << Array.IndexOf(OwnableHierarchies, hierarchy);
        _owned = owns ? _owned | bit : _owned & ~bit;
    }

    public bool Owns(string hierarchy)
    {
        int i = Array.IndexOf(OwnableHierarchies, hierarchy);
        return i >= 0 && (_owned & (1 << i)) != 0;
    }
}
