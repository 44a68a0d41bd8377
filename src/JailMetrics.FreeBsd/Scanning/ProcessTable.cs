using JailMetrics.FreeBsd.Layouts;

namespace JailMetrics.FreeBsd.Scanning;

/// <summary>
/// The processes of kern.proc.proc {1, 14, 8} — one record per process (kern.proc.all would repeat a
/// process per thread; reference/freebsd.md §3.1) — each with the snapshot row of its jail (by
/// <c>ki_jid</c>; 0, the caller's own prison, and JIDs not in this sample map to the host row).
/// </summary>
internal sealed class ProcessTable
{
    public ProcessTable(IReadOnlyList<KinfoProc> processes, Func<int, int> rowOfJid)
    {
        Processes = processes;
        Rows = new int[processes.Count];
        for (int i = 0; i < processes.Count; i++) Rows[i] = Math.Max(0, rowOfJid(processes[i].Jid));
        _rowByPid = new Dictionary<int, int>(processes.Count);
        for (int i = 0; i < processes.Count; i++) _rowByPid[processes[i].Pid] = Rows[i];
    }

    private readonly Dictionary<int, int> _rowByPid;

    public IReadOnlyList<KinfoProc> Processes { get; }

    /// <summary>The snapshot row of each process's jail, parallel to <see cref="Processes"/>.</summary>
    public int[] Rows { get; }

    /// <summary>The row of the jail <paramref name="pid"/> runs in, or null when that process no longer exists.</summary>
    public int? RowOfPid(int pid) => pid > 0 && _rowByPid.TryGetValue(pid, out int row) ? row : null;
}
