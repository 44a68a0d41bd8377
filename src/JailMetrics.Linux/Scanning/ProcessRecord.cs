namespace JailMetrics.Linux.Scanning;

/// <summary>What one pass over /proc learns about one process. A plain struct: the scan keeps them in one array.</summary>
internal struct ProcessRecord
{
    public int Pid;
    public int PPid;
    /// <summary>The state letter of /proc/PID/stat (R, S, D, Z …).</summary>
    public byte State;
    /// <summary>utime + stime, in clock ticks (USER_HZ).</summary>
    public ulong CpuTicks;
    public int Threads;
    /// <summary>Start time in clock ticks after boot (stat field 22).</summary>
    public ulong StartTicks;
    /// <summary>Address space, bytes (stat vsize).</summary>
    public ulong VSizeBytes;
    /// <summary>The controlling terminal's device number (stat tty_nr), 0 for none.</summary>
    public int TtyNr;
    public ulong RssBytes;
    public ulong SwapBytes;
    /// <summary>The pid in the process's own (innermost) PID namespace: the last NSpid value.</summary>
    public int InnermostPid;
    public long PidNs;
    /// <summary>The net namespace; read only for a process that can represent its jail (see <see cref="ProcScanner"/>), else 0.</summary>
    public long NetNs;
    public long IpcNs;
    /// <summary>The uts namespace; read only for a process that can represent its jail (see <see cref="ProcScanner"/>), else 0.</summary>
    public long UtsNs;
    /// <summary>Index of the process's cgroup membership in <see cref="ProcessTable.Cgroups"/>.</summary>
    public int Cgroup;
    /// <summary>Open file descriptors; -1 when they could not be counted.</summary>
    public int OpenFiles;
    /// <summary>Index of the process's own jail (its PID namespace) in the scan's jail list.</summary>
    public int Jail;

    public readonly bool IsZombie => State == (byte)'Z' || State == (byte)'X';
}
