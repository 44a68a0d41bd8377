using System.Buffers.Binary;

namespace JailMetrics.FreeBsd.Layouts;

/// <summary>An allocated SysV shared memory segment (kern.ipc.shmsegs).</summary>
internal readonly record struct ShmSegment(int Slot, long SizeBytes, int CreatorPid, int LastPid);

/// <summary>An allocated SysV semaphore set (kern.ipc.sema). semid_ds carries no pid, so it cannot be attributed to a jail.</summary>
internal readonly record struct SemaphoreSet(int Slot, int Semaphores);

/// <summary>An allocated SysV message queue (kern.ipc.msqids).</summary>
internal readonly record struct MessageQueue(int Slot, long Bytes, long Messages, int LastSendPid, int LastReceivePid);

/// <summary>
/// The slot arrays ipcs(1) reads (sys/sys/ipc.h, shm.h, sem.h, msg.h; LP64 layouts computed in
/// reference/layouts.py, reference/freebsd.md §4.1). Each sysctl returns one record per potential
/// identifier; only allocated slots are returned from here. All records begin with struct ipc_perm
/// (32 bytes; mode, a u_short, at offset 16).
/// </summary>
internal static class SysvIpcLayouts
{
    /// <summary>ipc_perm.mode (u_short) at offset 16 of every record.</summary>
    public const int PermMode = 16;

    /// <summary>struct shmid_kernel: shmid_ds (80) + object, label, cred pointers = 104.</summary>
    public const int ShmRecordSize = 104;
    public const int ShmSegsz = 32;   // size_t shm_segsz
    public const int ShmLpid = 40;    // pid_t shm_lpid
    public const int ShmCpid = 44;    // pid_t shm_cpid
    /// <summary>SHMSEG_ALLOCATED, private to sys/kern/sysv_shm.c (free slots show SHMSEG_FREE 0x0200).</summary>
    public const int ShmAllocated = 0x0800;

    /// <summary>struct semid_kernel: semid_ds (64) + label, cred = 80.</summary>
    public const int SemRecordSize = 80;
    public const int SemNsems = 40;   // u_short sem_nsems
    /// <summary>SEM_ALLOC (01000) in sys/sys/sem.h: free slots are zeroed.</summary>
    public const int SemAllocated = 0x200;

    /// <summary>struct msqid_kernel: msqid_ds (104) + label, cred = 120.</summary>
    public const int MsgRecordSize = 120;
    public const int MsgCbytes = 48;  // msglen_t msg_cbytes (u_long)
    public const int MsgQnum = 56;    // msgqnum_t msg_qnum (u_long)
    public const int MsgQbytes = 64;  // msglen_t msg_qbytes: non-zero when the slot is in use
    public const int MsgLspid = 72;   // pid_t msg_lspid
    public const int MsgLrpid = 76;   // pid_t msg_lrpid

    public static IReadOnlyList<ShmSegment> ReadShmSegments(ReadOnlySpan<byte> buffer)
    {
        var segments = new List<ShmSegment>();
        for (int slot = 0; slot < Count(buffer, ShmRecordSize, "kern.ipc.shmsegs"); slot++)
        {
            var r = buffer.Slice(slot * ShmRecordSize, ShmRecordSize);
            if ((BinaryPrimitives.ReadUInt16LittleEndian(r[PermMode..]) & ShmAllocated) == 0) continue;
            segments.Add(new ShmSegment(slot,
                (long)BinaryPrimitives.ReadUInt64LittleEndian(r[ShmSegsz..]),
                BinaryPrimitives.ReadInt32LittleEndian(r[ShmCpid..]),
                BinaryPrimitives.ReadInt32LittleEndian(r[ShmLpid..])));
        }
        return segments;
    }

    public static IReadOnlyList<SemaphoreSet> ReadSemaphoreSets(ReadOnlySpan<byte> buffer)
    {
        var sets = new List<SemaphoreSet>();
        for (int slot = 0; slot < Count(buffer, SemRecordSize, "kern.ipc.sema"); slot++)
        {
            var r = buffer.Slice(slot * SemRecordSize, SemRecordSize);
            if ((BinaryPrimitives.ReadUInt16LittleEndian(r[PermMode..]) & SemAllocated) == 0) continue;
            sets.Add(new SemaphoreSet(slot, BinaryPrimitives.ReadUInt16LittleEndian(r[SemNsems..])));
        }
        return sets;
    }

    public static IReadOnlyList<MessageQueue> ReadMessageQueues(ReadOnlySpan<byte> buffer)
    {
        var queues = new List<MessageQueue>();
        for (int slot = 0; slot < Count(buffer, MsgRecordSize, "kern.ipc.msqids"); slot++)
        {
            var r = buffer.Slice(slot * MsgRecordSize, MsgRecordSize);
            if (BinaryPrimitives.ReadUInt64LittleEndian(r[MsgQbytes..]) == 0) continue;
            queues.Add(new MessageQueue(slot,
                (long)BinaryPrimitives.ReadUInt64LittleEndian(r[MsgCbytes..]),
                (long)BinaryPrimitives.ReadUInt64LittleEndian(r[MsgQnum..]),
                BinaryPrimitives.ReadInt32LittleEndian(r[MsgLspid..]),
                BinaryPrimitives.ReadInt32LittleEndian(r[MsgLrpid..])));
        }
        return queues;
    }

    private static int Count(ReadOnlySpan<byte> buffer, int recordSize, string name) =>
        buffer.Length % recordSize == 0
            ? buffer.Length / recordSize
            : throw new FormatException($"{name} returned {buffer.Length} bytes, not a multiple of its {recordSize}-byte record");
}
