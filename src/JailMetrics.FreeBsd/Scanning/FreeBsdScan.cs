using JailMetrics.FreeBsd.Kernel;
using JailMetrics.FreeBsd.Native;
using JailMetrics.FreeBsd.Text;
using JailMetrics.Model;

namespace JailMetrics.FreeBsd.Scanning;

/// <summary>
/// Everything one sample's pass found, handed to every collector: the jails (row 0 = the host, or the
/// jail we run in), the kernel records behind them, each jail's RACCT answer, and lazily the process
/// table, page size and host interfaces, so a collector that does not need them costs nothing and a
/// failure to read them fails only the collectors that do.
/// </summary>
internal sealed class FreeBsdScan
{
    /// <summary>kern.proc.proc: CTL_KERN, KERN_PROC, KERN_PROC_PROC (sys/sys/sysctl.h).</summary>
    public static readonly int[] KernProcProc = [1, 14, 8];

    public required IReadOnlyList<JailInfo> Jails { get; init; }

    /// <summary>The jail_get record of each row; null for the host row.</summary>
    public required IReadOnlyList<JailRecord?> Records { get; init; }

    /// <summary>The parent row of each row; -1 for the host.</summary>
    public required int[] Parents { get; init; }

    public required RacctState Racct { get; init; }

    /// <summary>rctl_get_racct of each jail row when <see cref="Racct"/> is enabled; null for the host and jails it failed for.</summary>
    public required IReadOnlyList<RacctRecord?> Usage { get; init; }

    public required IFreeBsdNative Native { get; init; }
    public required SysctlReader Sysctl { get; init; }
    public required RctlReader Rctl { get; init; }
    public required IJailNetstat Netstat { get; init; }
    public required FreeBsdSourceOptions Options { get; init; }

    public required Lazy<ProcessTable> Processes { get; init; }

    /// <summary>hw.pagesize: ki_rssize and kern.ipc.shmall count pages.</summary>
    public required Lazy<long> PageSize { get; init; }

    public required Lazy<IReadOnlyList<LinkInterfaceData>> HostLinks { get; init; }

    /// <summary>True when RACCT supplies the jail rows; the per-process figures then go to the host row only.</summary>
    public bool RacctCoversJails => Racct == RacctState.Enabled;

    /// <summary>
    /// The rows a process in row <paramref name="row"/> is charged to: its jail and every ancestor up to
    /// the host, as RACCT charges a parent for its children (racct_add_cred_locked in
    /// sys/kern/kern_racct.c). With RACCT on, only the host row, since RACCT covers the jails.
    /// </summary>
    public IEnumerable<int> RowsChargedFor(int row)
    {
        if (RacctCoversJails)
        {
            yield return 0;
            yield break;
        }

        for (int r = row; r >= 0; r = Parents[r]) yield return r;
    }
}
