using JailMetrics.Model;

namespace JailMetrics.Service.Prometheus;

/// <summary>One host-wide SysV IPC limit family (no labels).</summary>
internal sealed record HostIpcFamily(string Name, string Help, HostIpcLimit Limit);

/// <summary>
/// The host's SysV IPC limits: the pool every jail's IPC objects (jail_nshm, jail_nsem, jail_nmsgq …)
/// come out of, so dashboards can show a jail's share of it.
/// </summary>
internal static class HostIpcFamilyTable
{
    public static IReadOnlyList<HostIpcFamily> All { get; } =
    [
        new("jail_host_ipc_shmmni", "Maximum number of SysV shared memory segments on the host (kern.ipc.shmmni; kernel.shmmni on Linux)", HostIpcLimit.ShmMni),
        new("jail_host_ipc_shmall_bytes", "Maximum total SysV shared memory on the host, in bytes (kern.ipc.shmall; kernel.shmall on Linux; converted from pages)", HostIpcLimit.ShmAllBytes),
        new("jail_host_ipc_shmmax_bytes", "Maximum size of one SysV shared memory segment, in bytes (kern.ipc.shmmax; kernel.shmmax on Linux)", HostIpcLimit.ShmMaxBytes),
        new("jail_host_ipc_semmni", "Maximum number of SysV semaphore sets on the host (kern.ipc.semmni; kernel.sem on Linux)", HostIpcLimit.SemMni),
        new("jail_host_ipc_semmns", "Maximum number of SysV semaphores on the host (kern.ipc.semmns; kernel.sem on Linux)", HostIpcLimit.SemMns),
        new("jail_host_ipc_semmsl", "Maximum number of semaphores in one SysV semaphore set (kern.ipc.semmsl; kernel.sem on Linux)", HostIpcLimit.SemMsl),
        new("jail_host_ipc_semopm", "Maximum number of operations in one semop(2) call (kern.ipc.semopm; kernel.sem on Linux)", HostIpcLimit.SemOpm),
        new("jail_host_ipc_msgmni", "Maximum number of SysV message queues on the host (kern.ipc.msgmni; kernel.msgmni on Linux)", HostIpcLimit.MsgMni),
        new("jail_host_ipc_msgmax_bytes", "Maximum size of one SysV message, in bytes (kern.ipc.msgmax; kernel.msgmax on Linux)", HostIpcLimit.MsgMaxBytes),
        new("jail_host_ipc_msgmnb_bytes", "Maximum number of bytes in one SysV message queue (kern.ipc.msgmnb; kernel.msgmnb on Linux)", HostIpcLimit.MsgMnbBytes),
    ];
}
