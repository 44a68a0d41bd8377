using JailMetrics.Model;

namespace JailMetrics.Service.Prometheus;

/// <summary>One per-jail family (label <c>name</c>): its name, type, HELP, and how to read its value from a sample.</summary>
/// <param name="Read">The jail's value, or null when it was not measured (then the jail has no series).</param>
/// <param name="Resource">The RACCT resource the family reports, for the families rctl can limit.</param>
internal sealed record JailFamily(string Name, FamilyType Type, string Help, Func<JailSample, double?> Read, Resource? Resource = null);

/// <summary>
/// Every per-jail family. The RACCT ones keep jail_exporter's exact names, types and units, so its
/// dashboards and alert rules work unchanged; the rest are JailMetrics' own, under the same prefix.
/// </summary>
internal static class JailFamilyTable
{
    public static IReadOnlyList<JailFamily> All { get; } =
    [
        // jail_exporter's families, HELP in rctl(8)'s words.
        Racct("jail_cputime_seconds_total", FamilyType.Counter, Resource.CpuTime, "CPU time, in seconds"),
        Racct("jail_datasize_bytes", FamilyType.Gauge, Resource.DataSize, "data size, in bytes"),
        Racct("jail_stacksize_bytes", FamilyType.Gauge, Resource.StackSize, "stack size, in bytes"),
        Racct("jail_coredumpsize_bytes", FamilyType.Gauge, Resource.CoreDumpSize, "core dump size, in bytes"),
        Racct("jail_memoryuse_bytes", FamilyType.Gauge, Resource.MemoryUse, "resident set size, in bytes"),
        Racct("jail_memorylocked_bytes", FamilyType.Gauge, Resource.MemoryLocked, "locked memory, in bytes"),
        Racct("jail_maxproc", FamilyType.Gauge, Resource.MaxProc, "number of processes"),
        Racct("jail_openfiles", FamilyType.Gauge, Resource.OpenFiles, "file descriptor table size"),
        Racct("jail_vmemoryuse_bytes", FamilyType.Gauge, Resource.VMemoryUse, "address space, in bytes"),
        Racct("jail_pseudoterminals", FamilyType.Gauge, Resource.PseudoTerminals, "number of PTYs"),
        Racct("jail_swapuse_bytes", FamilyType.Gauge, Resource.SwapUse, "swap space that may be reserved or used, in bytes"),
        Racct("jail_nthr", FamilyType.Gauge, Resource.NThr, "number of threads"),
        Racct("jail_msgqqueued", FamilyType.Gauge, Resource.MsgqQueued, "number of queued SysV messages"),
        Racct("jail_msgqsize_bytes", FamilyType.Gauge, Resource.MsgqSize, "SysV message queue size, in bytes"),
        Racct("jail_nmsgq", FamilyType.Gauge, Resource.NMsgq, "number of SysV message queues"),
        Racct("jail_nsem", FamilyType.Gauge, Resource.NSem, "number of SysV semaphores"),
        Racct("jail_nsemop", FamilyType.Gauge, Resource.NSemop, "number of SysV semaphores modified in a single semop(2) call"),
        Racct("jail_nshm", FamilyType.Gauge, Resource.NShm, "number of SysV shared memory segments"),
        Racct("jail_shmsize_bytes", FamilyType.Gauge, Resource.ShmSize, "SysV shared memory size, in bytes"),
        Racct("jail_wallclock_seconds_total", FamilyType.Counter, Resource.Wallclock, "wallclock time, in seconds"),
        Racct("jail_pcpu_used", FamilyType.Gauge, Resource.Pcpu, "%CPU, in percents of a single CPU core"),
        Racct("jail_readbps", FamilyType.Gauge, Resource.ReadBps, "filesystem reads, in bytes per second"),
        Racct("jail_writebps", FamilyType.Gauge, Resource.WriteBps, "filesystem writes, in bytes per second"),
        Racct("jail_readiops", FamilyType.Gauge, Resource.ReadIops, "filesystem reads, in operations per second"),
        Racct("jail_writeiops", FamilyType.Gauge, Resource.WriteIops, "filesystem writes, in operations per second"),
        new("jail_id", FamilyType.Gauge, "ID of the named jail: the JID on FreeBSD, the PID namespace inode on Linux, 0 for the host",
            jail => jail.Info.Id),

        // Cumulative I/O, where the kernel accounts totals (Linux cgroup io.stat); rate() these rather than the rate gauges.
        Io("jail_io_read_bytes_total", Resource.IoReadBytes, "Bytes read from block devices"),
        Io("jail_io_write_bytes_total", Resource.IoWriteBytes, "Bytes written to block devices"),
        Io("jail_io_read_operations_total", Resource.IoReadOps, "Read operations on block devices"),
        Io("jail_io_write_operations_total", Resource.IoWriteOps, "Write operations on block devices"),

        // statfs(2) of the jail's root directory.
        Disk("jail_filesystem_size_bytes", "Size of the filesystem holding the jail's root, in bytes", fs => fs.SizeBytes),
        Disk("jail_filesystem_free_bytes", "Free space on the filesystem holding the jail's root, in bytes", fs => fs.FreeBytes),
        Disk("jail_filesystem_avail_bytes", "Space available to unprivileged users on the filesystem holding the jail's root, in bytes", fs => fs.AvailableBytes),
        Disk("jail_filesystem_used_bytes", "Used space (size minus free) on the filesystem holding the jail's root, in bytes", fs => fs.UsedBytes),
        Disk("jail_filesystem_files", "File nodes (inodes) of the filesystem holding the jail's root", fs => fs.Files),
        Disk("jail_filesystem_files_free", "Free file nodes (inodes) of the filesystem holding the jail's root", fs => fs.FilesFree),
    ];

    private static JailFamily Racct(string name, FamilyType type, Resource resource, string rctlDescription) =>
        new(name, type, $"{Capitalize(rctlDescription)} (RACCT {ResourceInfo.Of(resource).RctlName}, see rctl(8); the container's equivalent on Linux)",
            jail => jail.Usage[resource], resource);

    private static JailFamily Io(string name, Resource resource, string help) =>
        new(name, FamilyType.Counter, $"{help} (cumulative kernel counter; Linux cgroup io.stat)", jail => jail.Usage[resource]);

    private static JailFamily Disk(string name, string help, Func<FilesystemUsage, ulong> read) =>
        new(name, FamilyType.Gauge, $"{help} (statfs(2))", jail => jail.Filesystem is { } fs ? read(fs) : null);

    private static string Capitalize(string text) => text[0] == '%' ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
