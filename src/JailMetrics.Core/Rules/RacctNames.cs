using JailMetrics.Model;

namespace JailMetrics.Rules;

/// <summary>
/// The 25 resource names the kernel knows (<c>resourcenames[]</c> in sys/kern/kern_rctl.c; reference
/// freebsd.md §1.3). Core's <see cref="ResourceInfo"/> also names non-RACCT counters (io_read_bytes …)
/// that a FreeBSD kernel never prints, so a kernel key is mapped only when it is one of these.
/// </summary>
public static class RacctNames
{
    private static readonly HashSet<Resource> KernelResources =
    [
        Resource.CpuTime, Resource.DataSize, Resource.StackSize, Resource.CoreDumpSize, Resource.MemoryUse,
        Resource.MemoryLocked, Resource.MaxProc, Resource.OpenFiles, Resource.VMemoryUse, Resource.PseudoTerminals,
        Resource.SwapUse, Resource.NThr, Resource.MsgqQueued, Resource.MsgqSize, Resource.NMsgq, Resource.NSem,
        Resource.NSemop, Resource.NShm, Resource.ShmSize, Resource.Wallclock, Resource.Pcpu, Resource.ReadBps,
        Resource.WriteBps, Resource.ReadIops, Resource.WriteIops,
    ];

    /// <summary>The Core resource for a kernel resource name, matched as the kernel prints it (lower case).</summary>
    public static bool TryGetResource(string name, out Resource resource) =>
        ResourceInfo.TryParse(name, out resource) && KernelResources.Contains(resource);

    /// <summary>
    /// Resources the kernel stores ×10^6 and divides back on input and output (RACCT_IS_IN_MILLIONS:
    /// cputime, wallclock, pcpu). A rule amount above INT64_MAX / 10^6 gets ERANGE from rctl_string_to_rule.
    /// </summary>
    public static bool IsStoredInMillions(Resource resource) =>
        resource is Resource.CpuTime or Resource.Wallclock or Resource.Pcpu;
}
