using System.Globalization;
using JailMetrics.Linux.Namespaces;
using JailMetrics.Linux.Scanning;
using JailMetrics.Model;
using JailMetrics.Sampling;

namespace JailMetrics.Linux.Collectors;

/// <summary>
/// SysV IPC per jail: nshm, shmsize, nsem, nmsgq, msgqsize, msgqqueued of the IPC namespaces its
/// processes (and its descendants') live in, each namespace read once per sample through the
/// namespace reader (setns on a dedicated thread). A jail that only shares the host's IPC namespace
/// gets no IPC values; the host counts every namespace. Also the host's limits (kernel.shmmni …).
/// Live, a namespace's usage is the kernel's own totals (<see cref="Native.SysvIpcTotals"/>): shmsize
/// counts each segment in whole pages, which is what FreeBSD's RACCT shmsize counts
/// (shmget_allocate_segment rounds the size with round_page before racct_add), and fixture trees'
/// /proc/sysvipc files are summed the same way.
/// </summary>
internal sealed class IpcCollector : ICollector<LinuxScan>
{
    public string Name => "ipc";

    public void Collect(LinuxScan scan, CollectorWriter writer, CancellationToken cancellationToken)
    {
        WriteHostLimits(scan, writer);

        int n = scan.Nodes.Length;
        long hostIpc = scan.Host.IpcNs;
        var sets = new HashSet<long>?[n];
        var targets = new List<NamespaceTarget>();
        var targetIndex = new Dictionary<long, int>();
        var table = scan.Processes;
        for (int i = 0; i < table.Count; i++)
        {
            ref var p = ref table[i];
            if (p.IpcNs == 0) continue;
            if (!targetIndex.ContainsKey(p.IpcNs))
            {
                targetIndex[p.IpcNs] = targets.Count;
                targets.Add(new NamespaceTarget(p.Pid, p.IpcNs));
            }
            for (int j = p.Jail; j >= 0; j = scan.Nodes[j].Parent)
                if (j == 0 || p.IpcNs != hostIpc) (sets[j] ??= []).Add(p.IpcNs);
        }
        if (hostIpc != 0 && !targetIndex.ContainsKey(hostIpc))
        {
            targetIndex[hostIpc] = targets.Count;
            targets.Add(new NamespaceTarget(1, hostIpc));
            (sets[0] ??= []).Add(hostIpc);
        }

        var usages = scan.Namespaces.ReadIpc(targets, cancellationToken);
        for (int j = 0; j < n; j++)
        {
            if (sets[j] is not { } set) continue;
            long nshm = 0, shm = 0, nsem = 0, nmsgq = 0, msgBytes = 0, queued = 0;
            bool any = false;
            foreach (long ns in set)
            {
                if (usages[targetIndex[ns]] is not { } u) continue;
                any = true;
                nshm += u.SharedMemorySegments;
                shm += u.SharedMemoryBytes;
                nsem += u.Semaphores;
                nmsgq += u.MessageQueues;
                msgBytes += u.MessageQueueBytes;
                queued += u.MessagesQueued;
            }
            if (!any) continue;
            writer.Usage(j)
                .Set(Resource.NShm, nshm).Set(Resource.ShmSize, shm).Set(Resource.NSem, nsem)
                .Set(Resource.NMsgq, nmsgq).Set(Resource.MsgqSize, msgBytes).Set(Resource.MsgqQueued, queued);
        }
    }

    /// <summary>
    /// kernel.shmmni, shmall (pages → bytes), shmmax, sem (semmsl semmns semopm semmni), msgmni, msgmax,
    /// msgmnb of the host's IPC namespace, through kept handles: one pread each per sample (a
    /// /proc/sys read at offset 0 runs the sysctl's handler afresh, proc_sys_call_handler), where
    /// File.Exists + File.ReadAllText cost about six calls each.
    /// </summary>
    private static void WriteHostLimits(LinuxScan scan, CollectorWriter writer)
    {
        string dir = Path.Combine(scan.ProcRoot, "sys", "kernel");
        string? Read(string name) => scan.ReadEverySample(dir, name);
        if (Read("shmmni") is { } shmmni) writer.SetHostLimit(HostIpcLimit.ShmMni, Number(shmmni));
        if (Read("shmall") is { } shmall) writer.SetHostLimit(HostIpcLimit.ShmAllBytes, Number(shmall) * Environment.SystemPageSize);
        if (Read("shmmax") is { } shmmax) writer.SetHostLimit(HostIpcLimit.ShmMaxBytes, Number(shmmax));
        if (Read("sem") is { } sem)
        {
            var f = sem.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (f.Length != 4) throw new FormatException($"unexpected kernel.sem: {sem.Trim()}");
            writer.SetHostLimit(HostIpcLimit.SemMsl, Number(f[0]));
            writer.SetHostLimit(HostIpcLimit.SemMns, Number(f[1]));
            writer.SetHostLimit(HostIpcLimit.SemOpm, Number(f[2]));
            writer.SetHostLimit(HostIpcLimit.SemMni, Number(f[3]));
        }
        if (Read("msgmni") is { } msgmni) writer.SetHostLimit(HostIpcLimit.MsgMni, Number(msgmni));
        if (Read("msgmax") is { } msgmax) writer.SetHostLimit(HostIpcLimit.MsgMaxBytes, Number(msgmax));
        if (Read("msgmnb") is { } msgmnb) writer.SetHostLimit(HostIpcLimit.MsgMnbBytes, Number(msgmnb));
    }

    private static double Number(string s) => double.Parse(s.AsSpan().Trim(), NumberStyles.Float, CultureInfo.InvariantCulture);
}
