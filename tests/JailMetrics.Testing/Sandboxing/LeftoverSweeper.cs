namespace JailMetrics.Testing.Sandboxing;

/// <summary>
/// Removes what sandboxes of dead test processes left behind: their cgroups, host interfaces and
/// ownership records. Sandboxes whose owner still runs (another test project, in parallel) are kept.
/// </summary>
/// <remarks>
/// A dead owner's workloads normally exit on their own (end-of-file on stdin), and the kernel then
/// deletes their veth pairs; what reliably survives a crash is empty cgroup directories. Everything is
/// still checked, in case a workload was stuck or the host is older than this scheme.
/// </remarks>
internal static class LeftoverSweeper
{
    /// <summary>Default sandbox names start with this; such cgroups without a live owner are leftovers.</summary>
    public const string NamePrefix = "jmtest-";

    /// <summary>Sweeps and returns descriptions of what could not be removed.</summary>
    public static IReadOnlyList<string> Sweep(HostTools tools)
    {
        var problems = new List<string>();
        IReadOnlyList<CgroupHierarchy> hierarchies = CgroupHierarchy.Detect();

        foreach (OwnershipRecord record in OwnershipRecord.ReadAll().Where(r => !r.OwnerIsAlive))
        {
            bool complete = true;
            foreach (CgroupHierarchy hierarchy in hierarchies)
            {
                string directory = hierarchy.DirectoryOf(record.SandboxName);
                if (Directory.Exists(directory) && !SandboxCgroups.KillMembersAndRemove(directory))
                {
                    problems.Add($"cgroup {directory} of dead sandbox {record.SandboxName} could not be removed");
                    complete = false;
                }
            }
            if (record.HostInterface is not null && VethPair.DeleteHostInterface(tools, record.HostInterface) is { } error)
            {
                problems.Add(error);
                complete = false;
            }
            if (complete) record.Release();
        }

        // Leftovers without a record (it was removed by hand, or predates records). Each candidate is
        // checked against the records read after it was seen: a sandbox being created right now wrote
        // its record before its cgroup and interface, so it is never mistaken for a leftover.
        foreach (string directory in hierarchies.SelectMany(CgroupsNamedLikeSandboxes))
        {
            string name = Path.GetFileName(directory);
            if (!OwnershipRecord.ReadAll().Any(r => r.SandboxName == name) && !SandboxCgroups.KillMembersAndRemove(directory))
            {
                problems.Add($"stale cgroup {directory} could not be removed");
            }
        }
        foreach (string hostInterface in HostInterfacesNamedLikeSandboxes())
        {
            if (!OwnershipRecord.ReadAll().Any(r => r.HostInterface == hostInterface) &&
                VethPair.DeleteHostInterface(tools, hostInterface) is { } error)
            {
                problems.Add(error);
            }
        }
        return problems;
    }

    private static IEnumerable<string> CgroupsNamedLikeSandboxes(CgroupHierarchy hierarchy) =>
        Directory.Exists(hierarchy.MountPoint)
            ? Directory.GetDirectories(hierarchy.MountPoint, NamePrefix + "*")
            : [];

    private static IEnumerable<string> HostInterfacesNamedLikeSandboxes() =>
        Directory.GetFileSystemEntries("/sys/class/net", VethPair.HostPrefix + "*").Select(Path.GetFileName).OfType<string>();
}
