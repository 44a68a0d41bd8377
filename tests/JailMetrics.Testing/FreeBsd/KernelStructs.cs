using System.Buffers.Binary;
using System.Text;

namespace JailMetrics.Testing.FreeBsd;

/// <summary>
/// Byte images of the kernel structures, laid out from the headers independently of the production
/// readers (offsets typed here from reference/freebsd.md and the headers it cites, LP64 little-endian),
/// so a wrong offset in either shows up as a failing test.
/// </summary>
public static class KernelStructs
{
    /// <summary>sys/amd64/include/proc.h and sys/arm64/include/proc.h: KINFO_PROC_SIZE 1088 on both.</summary>
    public const int KinfoProcSize = 1088;

    /// <summary>
    /// One struct kinfo_proc (sys/sys/user.h): ki_structsize@0, ki_pid@72, ki_ppid@76, ki_uid@168,
    /// ki_size@256, ki_rssize@264 (pages), ki_pctcpu@308 (FSCALE 2048), ki_runtime@328 (µs),
    /// ki_flag@368, ki_stat@388, ki_comm@447, ki_jid@592, ki_numthreads@596.
    /// </summary>
    public static byte[] KinfoProc(int pid, int jid, long rssPages = 0, long virtualBytes = 0, int pctcpu = 0,
        ulong runtimeMicroseconds = 0, int threads = 1, string command = "sh", int structSize = KinfoProcSize, byte stat = 3)
    {
        var b = new byte[KinfoProcSize];
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(0), structSize);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(72), pid);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(76), 1);
        BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(256), virtualBytes);
        BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(264), rssPages);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(308), pctcpu);
        BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(328), runtimeMicroseconds);
        if (jid != 0) BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(368), 0x1000000); // P_JAILED
        b[388] = stat;
        Encoding.ASCII.GetBytes(command).CopyTo(b, 447);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(592), jid);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(596), threads);
        return b;
    }

    public static byte[] Concat(params byte[][] records) => [.. records.SelectMany(r => r)];

    /// <summary>struct shmid_kernel (104 bytes): ipc_perm.mode@16 (SHMSEG_ALLOCATED 0x0800, free 0x0200), shm_segsz@32, shm_lpid@40, shm_cpid@44.</summary>
    public static byte[] ShmSlot(bool allocated, long size = 0, int creatorPid = 0, int lastPid = 0, long key = 0)
    {
        var b = new byte[104];
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(16), (ushort)(allocated ? 0x0800 | 0x1b6 : 0x0200));
        BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(24), key);
        BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(32), (ulong)size);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(40), lastPid);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(44), creatorPid);
        return b;
    }

    /// <summary>struct semid_kernel (80 bytes): ipc_perm.mode@16 (SEM_ALLOC 01000; free slots zeroed), sem_nsems@40 (u_short).</summary>
    public static byte[] SemSlot(bool allocated, int semaphores = 0)
    {
        var b = new byte[80];
        if (!allocated) return b;
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(16), 0x200 | 0x1b6);
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(40), (ushort)semaphores);
        return b;
    }

    /// <summary>struct msqid_kernel (120 bytes): msg_cbytes@48, msg_qnum@56, msg_qbytes@64 (non-zero = in use), msg_lspid@72, msg_lrpid@76.</summary>
    public static byte[] MsgSlot(bool allocated, long bytes = 0, long messages = 0, long queueLimit = 2048)
    {
        var b = new byte[120];
        if (!allocated) return b;
        BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(48), (ulong)bytes);
        BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(56), (ulong)messages);
        BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(64), (ulong)queueLimit);
        return b;
    }

    /// <summary>struct if_data (sys/net/if.h, 152 bytes): ifi_datalen@6 = 152, then u64 counters from ipackets@24 to noproto@112.</summary>
    public static byte[] IfData(ulong ipackets = 0, ulong ierrors = 0, ulong opackets = 0, ulong oerrors = 0,
        ulong ibytes = 0, ulong obytes = 0, ulong iqdrops = 0, ulong oqdrops = 0, uint mtu = 1500)
    {
        var b = new byte[152];
        b[0] = 6; // IFT_ETHER
        BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(6), 152);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(8), mtu);
        BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(24), ipackets);
        BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(32), ierrors);
        BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(40), opackets);
        BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(48), oerrors);
        BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(64), ibytes);
        BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(72), obytes);
        BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(96), iqdrops);
        BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(104), oqdrops);
        return b;
    }

    /// <summary>
    /// struct statfs (sys/sys/mount.h, STATFS_VERSION 0x20140518, 2344 bytes): f_version@0, f_bsize@16,
    /// f_blocks@32, f_bfree@40, f_bavail@48 (int64), f_files@56, f_ffree@64 (int64),
    /// f_fstypename@280 [16], f_mntfromname@296 [1024], f_mntonname@1320 [1024].
    /// </summary>
    public static byte[] Statfs(string mountedOn, ulong blockSize, ulong blocks, ulong freeBlocks, long availableBlocks,
        ulong files, long freeFiles, string fsType = "zfs", uint version = 0x20140518)
    {
        var b = new byte[2344];
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(0), version);
        BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(16), blockSize);
        BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(24), 131072);
        BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(32), blocks);
        BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(40), freeBlocks);
        BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(48), availableBlocks);
        BinaryPrimitives.WriteUInt64LittleEndian(b.AsSpan(56), files);
        BinaryPrimitives.WriteInt64LittleEndian(b.AsSpan(64), freeFiles);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(184), 255);
        Encoding.ASCII.GetBytes(fsType).CopyTo(b, 280);
        Encoding.ASCII.GetBytes("zroot" + mountedOn).CopyTo(b, 296);
        Encoding.ASCII.GetBytes(mountedOn).CopyTo(b, 1320);
        return b;
    }

    /// <summary>in_addr bytes of dotted addresses, as ip4.addr holds them (network order).</summary>
    public static byte[] Ip4(params string[] addresses) =>
        [.. addresses.SelectMany(a => System.Net.IPAddress.Parse(a).GetAddressBytes())];
}
