using JailMetrics.FreeBsd.Layouts;
using JailMetrics.Testing.FreeBsd;

namespace JailMetrics.FreeBsd.Tests.Layouts;

/// <summary>The ipcs(1) slot arrays (sys/sys/ipc.h, shm.h, sem.h, msg.h; reference/layouts.py).</summary>
public sealed class SysvIpcLayoutTests
{
    [Fact]
    public void Shm_slots_in_use_carry_SHMSEG_ALLOCATED()
    {
        var buffer = KernelStructs.Concat(
            KernelStructs.ShmSlot(allocated: false),
            KernelStructs.ShmSlot(allocated: true, size: 57344, creatorPid: 101, lastPid: 102),
            KernelStructs.ShmSlot(allocated: false));
        Assert.Equal(3 * 104, buffer.Length);

        var segment = Assert.Single(SysvIpcLayouts.ReadShmSegments(buffer));
        Assert.Equal(new ShmSegment(Slot: 1, SizeBytes: 57344, CreatorPid: 101, LastPid: 102), segment);
    }

    [Fact]
    public void Sem_slots_in_use_carry_SEM_ALLOC()
    {
        var buffer = KernelStructs.Concat(KernelStructs.SemSlot(allocated: true, semaphores: 16), KernelStructs.SemSlot(allocated: false));
        Assert.Equal(2 * 80, buffer.Length);
        Assert.Equal([new SemaphoreSet(0, 16)], SysvIpcLayouts.ReadSemaphoreSets(buffer));
    }

    [Fact]
    public void Msg_slots_in_use_have_a_queue_limit()
    {
        var buffer = KernelStructs.Concat(KernelStructs.MsgSlot(allocated: false), KernelStructs.MsgSlot(allocated: true, bytes: 300, messages: 3));
        Assert.Equal(2 * 120, buffer.Length);
        var queue = Assert.Single(SysvIpcLayouts.ReadMessageQueues(buffer));
        Assert.Equal(1, queue.Slot);
        Assert.Equal(300, queue.Bytes);
        Assert.Equal(3, queue.Messages);
    }

    [Fact]
    public void A_partial_record_is_refused()
    {
        Assert.Throws<FormatException>(() => SysvIpcLayouts.ReadShmSegments(new byte[105]));
        Assert.Throws<FormatException>(() => SysvIpcLayouts.ReadSemaphoreSets(new byte[81]));
        Assert.Throws<FormatException>(() => SysvIpcLayouts.ReadMessageQueues(new byte[121]));
    }

    [Fact]
    public void Offsets_are_the_headers()
    {
        Assert.Equal(16, SysvIpcLayouts.PermMode);   // ipc_perm.mode (u_short) after cuid, cgid, uid, gid
        Assert.Equal(32, SysvIpcLayouts.ShmSegsz);   // shmid_ds after the 32-byte ipc_perm
        Assert.Equal(44, SysvIpcLayouts.ShmCpid);
        Assert.Equal(0x0800, SysvIpcLayouts.ShmAllocated); // SHMSEG_ALLOCATED, sys/kern/sysv_shm.c
        Assert.Equal(40, SysvIpcLayouts.SemNsems);
        Assert.Equal(0x200, SysvIpcLayouts.SemAllocated);  // SEM_ALLOC 01000
        Assert.Equal(64, SysvIpcLayouts.MsgQbytes);
    }
}
