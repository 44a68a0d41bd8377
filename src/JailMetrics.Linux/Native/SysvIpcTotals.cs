using System.Runtime.InteropServices;
using JailMetrics.Linux.Namespaces;

namespace JailMetrics.Linux.Native;

/// <summary>
/// The SysV IPC totals of the calling thread's IPC namespace, from the kernel's own counters: three
/// system calls (shmctl SHM_INFO, semctl SEM_INFO, msgctl MSG_INFO; shmctl(2), semctl(2), msgctl(2))
/// instead of open/read/read/close of each /proc/sysvipc file, and nothing to parse.
/// </summary>
/// <remarks>
/// What each counter is (ipc/shm.c shm_get_stat, ipc/sem.c semctl_info, ipc/msg.c msgctl_info):
/// <list type="bullet">
/// <item>shm_info.used_ids: segments in the namespace (those removed but still attached too, as
/// /proc/sysvipc/shm lists them); shm_info.shm_tot: their size in pages, each segment rounded up
/// to whole pages (newseg adds <c>(size + PAGE_SIZE - 1) &gt;&gt; PAGE_SHIFT</c>). shmsize is therefore
/// page-rounded, which is what FreeBSD's RACCT counts: shmget_allocate_segment (sys/kern/sysv_shm.c)
/// does <c>size = round_page(uap->size)</c> before <c>racct_add(…, RACCT_SHMSIZE, size)</c>.</item>
/// <item>seminfo.semaem: semaphores in all sets (ns->used_sems; RACCT's nsem counts semaphores, not sets).</item>
/// <item>msginfo.msgpool: queues; msgmap: messages queued; msgtql: bytes queued (both clamped to INT_MAX by the kernel).</item>
/// </list>
/// The commands need no permission on any object. Struct layouts and command numbers are glibc's
/// &lt;bits/shm.h&gt;, &lt;bits/sem.h&gt;, &lt;bits/msq.h&gt; for 64-bit Linux (x86_64, arm64).
/// </remarks>
internal static unsafe class SysvIpcTotals
{
    private const int SHM_INFO = 14;
    private const int SEM_INFO = 19;
    private const int MSG_INFO = 12;

    [StructLayout(LayoutKind.Sequential)]
    private struct ShmInfo
    {
        public int UsedIds;
        public nuint ShmTot, ShmRss, ShmSwp, SwapAttempts, SwapSuccesses;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct SemInfo
    {
        public int SemMap, SemMni, SemMns, SemMnu, SemMsl, SemOpm, SemUme, SemUsz, SemVmx, SemAem;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct MsgInfo
    {
        public int MsgPool, MsgMap, MsgMax, MsgMnb, MsgMni, MsgSsz, MsgTql;
        public ushort MsgSeg;
    }

    /// <summary>The totals of the calling thread's IPC namespace; throws <see cref="IOException"/> when the kernel refuses.</summary>
    public static IpcUsage Read()
    {
        ShmInfo shm;
        SemInfo sem;
        MsgInfo msg;
        if (shmctl(0, SHM_INFO, &shm) < 0) throw Failed("shmctl(SHM_INFO)");
        if (semctl(0, 0, SEM_INFO, &sem) < 0) throw Failed("semctl(SEM_INFO)");
        if (msgctl(0, MSG_INFO, &msg) < 0) throw Failed("msgctl(MSG_INFO)");
        return new IpcUsage(
            SharedMemorySegments: shm.UsedIds,
            SharedMemoryBytes: (long)shm.ShmTot * Environment.SystemPageSize,
            Semaphores: sem.SemAem,
            MessageQueues: msg.MsgPool,
            MessageQueueBytes: msg.MsgTql,
            MessagesQueued: msg.MsgMap);
    }

    private static IOException Failed(string call) => new($"{call} failed: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");

    [DllImport("libc", SetLastError = true)]
    private static extern int shmctl(int shmid, int cmd, ShmInfo* buf);

    // semctl is variadic in C (the fourth argument is a union semun passed by value). On 64-bit Linux
    // (SysV x86_64 and AAPCS64 ABIs) a variadic pointer-sized integer is passed exactly like a fixed
    // one, so the union's __buf pointer goes as the fourth parameter.
    [DllImport("libc", SetLastError = true)]
    private static extern int semctl(int semid, int semnum, int cmd, SemInfo* buf);

    [DllImport("libc", SetLastError = true)]
    private static extern int msgctl(int msqid, int cmd, MsgInfo* buf);
}
