namespace JailMetrics.Model;

/// <summary>
/// The resources every platform reports, named as FreeBSD's RACCT names them (rctl(8), RESOURCES).
/// Linux maps its own counters onto the same names. The last members are not RACCT resources but the
/// cumulative counters a platform may offer instead of kernel-side rates; the snapshot store turns
/// them into the RACCT rates (readbps …) from deltas.
/// </summary>
public enum Resource
{
    CpuTime,          // seconds, cumulative
    Pcpu,             // percent of one CPU
    DataSize,         // bytes
    StackSize,        // bytes
    CoreDumpSize,     // bytes
    MemoryUse,        // bytes, resident set size
    MemoryLocked,     // bytes
    MaxProc,          // processes
    OpenFiles,        // file descriptors
    VMemoryUse,       // bytes, address space
    PseudoTerminals,  // count
    SwapUse,          // bytes
    NThr,             // threads
    MsgqQueued,       // messages
    MsgqSize,         // bytes
    NMsgq,            // message queues
    NSem,             // semaphores
    NSemop,           // semaphores per semop(2)
    NShm,             // shared memory segments
    ShmSize,          // bytes
    Wallclock,        // seconds, cumulative
    ReadBps,          // bytes/s
    WriteBps,         // bytes/s
    ReadIops,         // operations/s
    WriteIops,        // operations/s

    // Cumulative I/O counters (not RACCT): the source of the four rates above where the kernel
    // accounts totals rather than rates (Linux cgroup io.stat / blkio).
    IoReadBytes,
    IoWriteBytes,
    IoReadOps,
    IoWriteOps,
}

/// <summary>How a resource's value behaves over time.</summary>
public enum ResourceKind
{
    /// <summary>A level that can go up and down.</summary>
    Gauge,
    /// <summary>A cumulative kernel counter; it only goes down when the jail restarts.</summary>
    Counter,
}

/// <summary>Static facts about a <see cref="Resource"/>: its rctl name, unit and kind.</summary>
public sealed record ResourceInfo(Resource Resource, string RctlName, string Unit, ResourceKind Kind, string Description)
{
    /// <summary>Every resource, indexed by the enum's value.</summary>
    public static IReadOnlyList<ResourceInfo> All { get; } =
    [
        new(Resource.CpuTime, "cputime", "seconds", ResourceKind.Counter, "CPU time"),
        new(Resource.Pcpu, "pcpu", "percent", ResourceKind.Gauge, "%CPU, in percents of a single CPU core"),
        new(Resource.DataSize, "datasize", "bytes", ResourceKind.Gauge, "data size"),
        new(Resource.StackSize, "stacksize", "bytes", ResourceKind.Gauge, "stack size"),
        new(Resource.CoreDumpSize, "coredumpsize", "bytes", ResourceKind.Gauge, "core dump size"),
        new(Resource.MemoryUse, "memoryuse", "bytes", ResourceKind.Gauge, "resident set size"),
        new(Resource.MemoryLocked, "memorylocked", "bytes", ResourceKind.Gauge, "locked memory"),
        new(Resource.MaxProc, "maxproc", "processes", ResourceKind.Gauge, "number of processes"),
        new(Resource.OpenFiles, "openfiles", "files", ResourceKind.Gauge, "open file descriptors"),
        new(Resource.VMemoryUse, "vmemoryuse", "bytes", ResourceKind.Gauge, "address space"),
        new(Resource.PseudoTerminals, "pseudoterminals", "ptys", ResourceKind.Gauge, "number of PTYs"),
        new(Resource.SwapUse, "swapuse", "bytes", ResourceKind.Gauge, "swap space used"),
        new(Resource.NThr, "nthr", "threads", ResourceKind.Gauge, "number of threads"),
        new(Resource.MsgqQueued, "msgqqueued", "messages", ResourceKind.Gauge, "number of queued SysV messages"),
        new(Resource.MsgqSize, "msgqsize", "bytes", ResourceKind.Gauge, "SysV message queue size"),
        new(Resource.NMsgq, "nmsgq", "queues", ResourceKind.Gauge, "number of SysV message queues"),
        new(Resource.NSem, "nsem", "semaphores", ResourceKind.Gauge, "number of SysV semaphores"),
        new(Resource.NSemop, "nsemop", "semaphores", ResourceKind.Gauge, "number of SysV semaphores modified in a single semop(2) call"),
        new(Resource.NShm, "nshm", "segments", ResourceKind.Gauge, "number of SysV shared memory segments"),
        new(Resource.ShmSize, "shmsize", "bytes", ResourceKind.Gauge, "SysV shared memory size"),
        new(Resource.Wallclock, "wallclock", "seconds", ResourceKind.Counter, "wallclock time"),
        new(Resource.ReadBps, "readbps", "bytes per second", ResourceKind.Gauge, "filesystem reads, in bytes per second"),
        new(Resource.WriteBps, "writebps", "bytes per second", ResourceKind.Gauge, "filesystem writes, in bytes per second"),
        new(Resource.ReadIops, "readiops", "operations per second", ResourceKind.Gauge, "filesystem reads, in operations per second"),
        new(Resource.WriteIops, "writeiops", "operations per second", ResourceKind.Gauge, "filesystem writes, in operations per second"),
        new(Resource.IoReadBytes, "io_read_bytes", "bytes", ResourceKind.Counter, "bytes read from block devices"),
        new(Resource.IoWriteBytes, "io_write_bytes", "bytes", ResourceKind.Counter, "bytes written to block devices"),
        new(Resource.IoReadOps, "io_read_ops", "operations", ResourceKind.Counter, "block device read operations"),
        new(Resource.IoWriteOps, "io_write_ops", "operations", ResourceKind.Counter, "block device write operations"),
    ];

    /// <summary>The number of members of <see cref="Resource"/>.</summary>
    public static int Count => All.Count;

    private static readonly Dictionary<string, Resource> ByRctlName =
        All.ToDictionary(r => r.RctlName, r => r.Resource, StringComparer.Ordinal);

    public static ResourceInfo Of(Resource resource) => All[(int)resource];

    /// <summary>Looks a resource up by its rctl(8) name (<c>memoryuse</c>); false for names this build does not know.</summary>
    public static bool TryParse(string rctlName, out Resource resource) => ByRctlName.TryGetValue(rctlName, out resource);
}
