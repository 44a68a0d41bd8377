using System.Buffers.Binary;
using System.Text;
using JailMetrics.Model;

namespace JailMetrics.FreeBsd.Layouts;

/// <summary>
/// struct statfs (sys/sys/mount.h, STATFS_VERSION 0x20140518, FreeBSD 12+ after the ino64 change):
/// <code>
///    0 uint32_t f_version        4 uint32_t f_type          8 uint64_t f_flags
///   16 uint64_t f_bsize         24 uint64_t f_iosize       32 uint64_t f_blocks
///   40 uint64_t f_bfree         48 int64_t  f_bavail       56 uint64_t f_files
///   64 int64_t  f_ffree         72 4 × uint64_t sync/async read/write counters
///  104 uint32_t f_nvnodelistsize, f_spare0   112 uint64_t f_spare[9]
///  184 uint32_t f_namemax      188 uid_t f_owner          192 fsid_t f_fsid (2 × int32)
///  200 char f_charspare[80]    280 char f_fstypename[16] (MFSNAMELEN)
///  296 char f_mntfromname[1024] (MNAMELEN)               1320 char f_mntonname[1024]
/// </code>
/// sizeof = 2344, with no padding. Block counts are in units of f_bsize (the fragment size).
/// </summary>
internal static class StatfsLayout
{
    public const int Size = 2344;
    public const uint Version = 0x20140518;

    public const int FVersion = 0;
    public const int FBsize = 16;
    public const int FBlocks = 32;
    public const int FBfree = 40;
    public const int FBavail = 48;
    public const int FFiles = 56;
    public const int FFfree = 64;
    public const int FFstypename = 280;
    public const int FMntonname = 1320;
    public const int MntNameLength = 1024;

    public static FilesystemUsage Read(ReadOnlySpan<byte> statfs)
    {
        if (statfs.Length != Size)
            throw new FormatException($"struct statfs of {statfs.Length} bytes; this build knows the {Size}-byte FreeBSD 12+ layout");
        uint version = BinaryPrimitives.ReadUInt32LittleEndian(statfs[FVersion..]);
        if (version != Version)
            throw new FormatException($"struct statfs f_version 0x{version:x8}; expected STATFS_VERSION 0x{Version:x8}");

        ulong blockSize = U64(statfs, FBsize);

        return new FilesystemUsage(
            MountPoint: CString(statfs.Slice(FMntonname, MntNameLength)),
            SizeBytes: U64(statfs, FBlocks) * blockSize,
            FreeBytes: U64(statfs, FBfree) * blockSize,
            AvailableBytes: NonNegative(statfs, FBavail) * blockSize,
            Files: U64(statfs, FFiles),
            FilesFree: NonNegative(statfs, FFfree));
    }

    private static ulong U64(ReadOnlySpan<byte> data, int offset) => BinaryPrimitives.ReadUInt64LittleEndian(data[offset..]);

    /// <summary>f_bavail and f_ffree are signed: UFS goes negative when root has dipped into the reserve.</summary>
    private static ulong NonNegative(ReadOnlySpan<byte> data, int offset) =>
        (ulong)Math.Max(0L, BinaryPrimitives.ReadInt64LittleEndian(data[offset..]));

    private static string CString(ReadOnlySpan<byte> bytes)
    {
        int end = bytes.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? bytes : bytes[..end]);
    }
}
