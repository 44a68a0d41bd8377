namespace JailMetrics.Model;

/// <summary>
/// Host-wide SysV IPC limits, the pool every jail's IPC objects come out of. Named after the
/// FreeBSD sysctls (kern.ipc.*); Linux reads kernel.shmmni, kernel.shmall, kernel.sem … into the
/// same members. Sizes are in bytes on every platform.
/// </summary>
public enum HostIpcLimit
{
    /// <summary>Maximum number of shared memory segments (shmmni).</summary>
    ShmMni,
    /// <summary>Maximum total shared memory, bytes (shmall, converted from pages).</summary>
    ShmAllBytes,
    /// <summary>Maximum size of one shared memory segment, bytes (shmmax).</summary>
    ShmMaxBytes,
    /// <summary>Maximum number of semaphore sets (semmni).</summary>
    SemMni,
    /// <summary>Maximum number of semaphores system-wide (semmns).</summary>
    SemMns,
    /// <summary>Maximum semaphores per set (semmsl).</summary>
    SemMsl,
    /// <summary>Maximum operations per semop(2) call (semopm / semopm).</summary>
    SemOpm,
    /// <summary>Maximum number of message queues (msgmni).</summary>
    MsgMni,
    /// <summary>Maximum size of one message, bytes (msgmax).</summary>
    MsgMaxBytes,
    /// <summary>Maximum bytes in one queue (msgmnb).</summary>
    MsgMnbBytes,
}
