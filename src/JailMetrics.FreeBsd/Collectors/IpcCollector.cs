using JailMetrics.FreeBsd.Layouts;
using JailMetrics.FreeBsd.Scanning;
using JailMetrics.Model;
using JailMetrics.Sampling;

namespace JailMetrics.FreeBsd.Collectors;

/// <summary>
/// SysV IPC: the host-wide limits (kern.ipc.*, one pool shared by every jail) and the host-wide usage
/// counted from the slot listings kern.ipc.shmsegs / sema / msqids (reference/freebsd.md §4). Without
/// RACCT, jails get nshm and shmsize by the segment's creator pid (<c>shm_cpid</c>) where that process
/// still exists — the listings carry no prison (sysctl_shmsegs clears the cred) — so those figures are a
/// lower bound. Semaphore sets carry no pid at all and message queues only their last sender and
/// receiver, so those stay host-only; with RACCT the racct collector gives all six per jail.
/// </summary>
internal sealed class IpcCollector : ICollector<FreeBsdScan>
{
    public string Name => "ipc";

    public void Collect(FreeBsdScan scan, CollectorWriter writer, CancellationToken cancellationToken)
    {
        WriteHostLimits(scan, writer);

        var host = writer.Usage(0);
        if (scan.Sysctl.TryRead("kern.ipc.shmsegs") is { } shmBuffer)
        {
            var segments = SysvIpcLayouts.ReadShmSegments(shmBuffer);
            host.Set(Resource.NShm, segments.Count).Set(Resource.ShmSize, segments.Sum(s => (double)s.SizeBytes));
            if (!scan.RacctCoversJails) AttributeSegments(scan, segments, writer);
        }

        if (scan.Sysctl.TryRead("kern.ipc.sema") is { } semBuffer)
            host.Set(Resource.NSem, SysvIpcLayouts.ReadSemaphoreSets(semBuffer).Sum(s => (double)s.Semaphores));

        if (scan.Sysctl.TryRead("kern.ipc.msqids") is { } msgBuffer)
        {
            var queues = SysvIpcLayouts.ReadMessageQueues(msgBuffer);
            host.Set(Resource.NMsgq, queues.Count)
                .Set(Resource.MsgqSize, queues.Sum(q => (double)q.Bytes))
                .Set(Resource.MsgqQueued, queues.Sum(q => (double)q.Messages));
        }
    }

    private static void AttributeSegments(FreeBsdScan scan, IReadOnlyList<ShmSegment> segments, CollectorWriter writer)
    {
        for (int row = 1; row < scan.Jails.Count; row++)
            writer.Usage(row).Set(Resource.NShm, 0).Set(Resource.ShmSize, 0);

        var processes = scan.Processes.Value;
        foreach (var segment in segments)
        {
            if (processes.RowOfPid(segment.CreatorPid) is not { } creatorRow) continue;
            foreach (int row in scan.RowsChargedFor(creatorRow))
                if (row != 0) writer.Usage(row).Add(Resource.NShm, 1).Add(Resource.ShmSize, segment.SizeBytes);
        }
    }

    /// <summary>
    /// kern.ipc.shmmni/shmall/shmmax are u_long (8 bytes), the sem* and msg* limits int (4): each is read
    /// by the length the kernel returns. shmall counts pages. A limit whose module is not loaded is absent.
    /// </summary>
    private static void WriteHostLimits(FreeBsdScan scan, CollectorWriter writer)
    {
        void Limit(string sysctl, HostIpcLimit limit, long scale = 1)
        {
            if (scan.Sysctl.TryReadInteger(sysctl) is { } value) writer.SetHostLimit(limit, (double)value * scale);
        }

        Limit("kern.ipc.shmmni", HostIpcLimit.ShmMni);
        if (scan.Sysctl.TryReadInteger("kern.ipc.shmall") is { } pages)
            writer.SetHostLimit(HostIpcLimit.ShmAllBytes, (double)pages * scan.PageSize.Value);
        Limit("kern.ipc.shmmax", HostIpcLimit.ShmMaxBytes);
        Limit("kern.ipc.semmni", HostIpcLimit.SemMni);
        Limit("kern.ipc.semmns", HostIpcLimit.SemMns);
        Limit("kern.ipc.semmsl", HostIpcLimit.SemMsl);
        Limit("kern.ipc.semopm", HostIpcLimit.SemOpm);
        Limit("kern.ipc.msgmni", HostIpcLimit.MsgMni);
        Limit("kern.ipc.msgmax", HostIpcLimit.MsgMaxBytes);
        Limit("kern.ipc.msgmnb", HostIpcLimit.MsgMnbBytes);
    }
}
