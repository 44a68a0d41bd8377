using System.Buffers.Binary;

namespace JailMetrics.FreeBsd.Layouts;

/// <summary>One process from kern.proc.proc, reduced to what the per-jail fallback needs.</summary>
internal readonly record struct KinfoProc(
    int Pid,
    int Jid,
    long VirtualSizeBytes,
    long ResidentPages,
    int PctCpu,
    ulong RuntimeMicroseconds,
    int Threads,
    byte State);

/// <summary>
/// struct kinfo_proc (sys/sys/user.h, FreeBSD 13–15; KINFO_PROC_SIZE 1088 on amd64 in
/// sys/amd64/include/proc.h and on arm64 in sys/arm64/include/proc.h — the same LP64 layout; offsets
/// computed in reference/kinfo_calc.py, reference/freebsd.md §3.2). Every record starts with its own
/// <c>ki_structsize</c>; a size other than 1088 is a layout this build does not know, and is refused
/// rather than misread.
/// </summary>
internal static class KinfoProcLayout
{
    public const int Size = 1088;

    public const int StructSize = 0;     // int ki_structsize
    public const int Pid = 72;           // pid_t ki_pid
    public const int VirtualSize = 256;  // vm_size_t ki_size (bytes)
    public const int ResidentSize = 264; // segsz_t ki_rssize (pages, kernel stack included)
    public const int PctCpu = 308;       // fixpt_t ki_pctcpu (FSCALE = 1 << 11)
    public const int Runtime = 328;      // u_int64_t ki_runtime (microseconds)
    public const int Stat = 388;         // char ki_stat (SRUN, SSLEEP, … SZOMB = 5)
    public const int Jid = 592;          // int ki_jid (0 = the reader's own prison)
    public const int NumThreads = 596;   // int ki_numthreads

    /// <summary>sys/sys/param.h FSHIFT 11: ki_pctcpu is a fraction of one CPU scaled by FSCALE.</summary>
    public const double FScale = 1 << 11;

    /// <summary>Splits a kern.proc.proc buffer into its records.</summary>
    /// <exception cref="FormatException">The length is not a whole number of records, or a record's ki_structsize is not 1088.</exception>
    public static IReadOnlyList<KinfoProc> ReadAll(ReadOnlySpan<byte> buffer)
    {
        if (buffer.Length % Size != 0)
            throw new FormatException($"kern.proc.proc returned {buffer.Length} bytes, not a multiple of sizeof(struct kinfo_proc) = {Size}");

        var processes = new KinfoProc[buffer.Length / Size];
        for (int i = 0; i < processes.Length; i++)
            processes[i] = Read(buffer.Slice(i * Size, Size));
        return processes;
    }

    public static KinfoProc Read(ReadOnlySpan<byte> record)
    {
        int structSize = BinaryPrimitives.ReadInt32LittleEndian(record[StructSize..]);
        if (structSize != Size)
            throw new FormatException($"kinfo_proc ki_structsize is {structSize}, this build knows only {Size} (FreeBSD 13–15 LP64); refusing to misread it");

        return new KinfoProc(
            Pid: BinaryPrimitives.ReadInt32LittleEndian(record[Pid..]),
            Jid: BinaryPrimitives.ReadInt32LittleEndian(record[Jid..]),
            VirtualSizeBytes: BinaryPrimitives.ReadInt64LittleEndian(record[VirtualSize..]),
            ResidentPages: BinaryPrimitives.ReadInt64LittleEndian(record[ResidentSize..]),
            PctCpu: BinaryPrimitives.ReadInt32LittleEndian(record[PctCpu..]),
            RuntimeMicroseconds: BinaryPrimitives.ReadUInt64LittleEndian(record[Runtime..]),
            Threads: BinaryPrimitives.ReadInt32LittleEndian(record[NumThreads..]),
            State: record[Stat]);
    }
}
