namespace JailMetrics.Linux.Scanning;

/// <summary>
/// The result of one pass over /proc: every process that could be read, and the distinct cgroup memberships
/// they share. Valid until the scanner's next pass, which reuses its storage (a sample never outlives it).
/// </summary>
internal sealed class ProcessTable
{
    public ProcessTable(ProcessRecord[] processes, int count, List<CgroupMembership> cgroups, Dictionary<int, int> indexByPid)
    {
        Processes = processes;
        Count = count;
        Cgroups = cgroups;
        IndexByPid = indexByPid;
    }

    /// <summary>The processes, in ascending pid order; only the first <see cref="Count"/> are valid.</summary>
    public ProcessRecord[] Processes { get; }

    public int Count { get; }

    public List<CgroupMembership> Cgroups { get; }

    public Dictionary<int, int> IndexByPid { get; }

    public ref ProcessRecord this[int index] => ref Processes[index];

    public CgroupMembership? CgroupOf(in ProcessRecord p) => p.Cgroup >= 0 ? Cgroups[p.Cgroup] : null;
}
