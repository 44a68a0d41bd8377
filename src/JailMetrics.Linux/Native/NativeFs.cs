using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace JailMetrics.Linux.Native;

/// <summary>
/// Allocation-free file access for the per-process scan: paths are built as NUL-terminated UTF-8 in
/// caller buffers, files are read with open/read/close straight into spans. Failures come back as a
/// negative errno, never as exceptions, because a process vanishing mid-scan is ordinary.
/// </summary>
internal static unsafe class NativeFs
{
    private static readonly int PageSize = Environment.SystemPageSize;

    /// <summary>
    /// Reads a whole file (procfs files report size 0, so read until EOF) into <paramref name="buffer"/>.
    /// Returns the length, or -errno; a file longer than the buffer returns -ERANGE (34).
    /// </summary>
    /// <param name="maxRecordBytes">
    /// For a seq_file whose records are at most this long (0: unknown, read until a read returns 0):
    /// a first read that came back short by more than that is the whole file, so the read that
    /// would only return 0 is skipped. seq_read_iter (fs/seq_file.c) fills the caller's buffer
    /// from a kernel buffer of at least a page, record by record, and stops short only at the end
    /// or when the next record does not fit in that buffer; a read of n bytes with n + the longest
    /// record ≤ a page therefore met the end. A regular file (a fixture tree's) reads short only at its end.
    /// </param>
    public static int ReadFile(ReadOnlySpan<byte> pathZ, Span<byte> buffer, int maxRecordBytes = 0)
    {
        int fd;
        fixed (byte* p = pathZ) fd = open(p, O_RDONLY | O_CLOEXEC, 0);
        if (fd < 0) return -errno;
        try
        {
            int total = 0;
            fixed (byte* b = buffer)
            {
                while (true)
                {
                    if (total == buffer.Length) return -34;
                    long n = read(fd, b + total, buffer.Length - total);
                    if (n < 0)
                    {
                        int e = errno;
                        if (e == EINTR) continue;
                        return -e;
                    }
                    if (n == 0) return total;
                    total += (int)n;
                    if (maxRecordBytes > 0 && total + maxRecordBytes <= Math.Min(PageSize, buffer.Length)) return total;
                }
            }
        }
        finally
        {
            close(fd);
        }
    }

    /// <summary>Reads a whole file of any size into a pooled buffer the caller returns. Null with the errno when it cannot be read.</summary>
    public static byte[]? ReadFilePooled(ReadOnlySpan<byte> pathZ, out int length, out int error, int maxRecordBytes = 0)
    {
        int size = 8192;
        while (true)
        {
            byte[] buffer = ArrayPool<byte>.Shared.Rent(size);
            int n = ReadFile(pathZ, buffer, maxRecordBytes);
            if (n >= 0)
            {
                length = n;
                error = 0;
                return buffer;
            }
            ArrayPool<byte>.Shared.Return(buffer);
            if (n != -34 || size >= 64 << 20)
            {
                length = 0;
                error = -n;
                return null;
            }
            size *= 4;
        }
    }

    /// <summary>readlink(2) into <paramref name="buffer"/>; the length or -errno.</summary>
    public static int ReadLink(ReadOnlySpan<byte> pathZ, Span<byte> buffer)
    {
        fixed (byte* p = pathZ)
        fixed (byte* b = buffer)
        {
            long n = readlink(p, b, buffer.Length);
            return n < 0 ? -errno : (int)n;
        }
    }

    /// <summary>stat(2): the size field, or -errno.</summary>
    public static long StatSize(ReadOnlySpan<byte> pathZ)
    {
        stat st;
        fixed (byte* p = pathZ)
        {
            if (stat(p, &st) != 0) return -errno;
        }
        return st.st_size;
    }

    /// <summary>
    /// A whole text file (UTF-8) read with open/read/close into a pooled buffer; null when it or its
    /// directory does not exist (ENOENT, ENOTDIR). Other errors throw as File.ReadAllText would
    /// (EACCES/EPERM: <see cref="UnauthorizedAccessException"/>, else <see cref="IOException"/>).
    /// File.ReadAllText costs a FileStream per file and two more system calls (fstat, and flock for
    /// FileShare): at 1000 jails that is tens of thousands of calls per sample.
    /// </summary>
    public static string? ReadAllTextOrNull(string path, int maxRecordBytes = 0)
    {
        int len = Encoding.UTF8.GetMaxByteCount(path.Length) + 1;
        Span<byte> pathZ = len <= 1024 ? stackalloc byte[len] : new byte[len];
        int n = Encoding.UTF8.GetBytes(path, pathZ);
        pathZ[n] = 0;
        byte[]? buffer = ReadFilePooled(pathZ[..(n + 1)], out int length, out int error, maxRecordBytes);
        if (buffer is null)
        {
            if (error == ENOENT || error == ENOTDIR) return null;
            throw Failure(path, error);
        }
        try
        {
            return Encoding.UTF8.GetString(buffer, 0, length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// A whole file (any size) read with open/read/close into a pooled buffer the caller returns to
    /// ArrayPool&lt;byte&gt;.Shared; null when it or its directory does not exist (ENOENT, ENOTDIR). Other
    /// errors throw as <see cref="ReadAllTextOrNull"/> does. <paramref name="pathZ"/> is NUL-terminated;
    /// <paramref name="maxRecordBytes"/> as for <see cref="ReadFile"/>.
    /// </summary>
    public static byte[]? ReadAllBytesPooledOrNull(ReadOnlySpan<byte> pathZ, out int length, int maxRecordBytes = 0)
    {
        byte[]? buffer = ReadFilePooled(pathZ, out length, out int error, maxRecordBytes);
        if (buffer is not null || error == ENOENT || error == ENOTDIR) return buffer;
        throw Failure(Encoding.UTF8.GetString(pathZ[..^1]), error);
    }

    /// <summary>The exception a failed read of <paramref name="path"/> throws (as File.ReadAllText would).</summary>
    public static Exception Failure(string path, int error)
    {
        string message = $"{path}: {Marshal.GetPInvokeErrorMessage(error)}";
        return error == EACCES || error == EPERM ? new UnauthorizedAccessException(message) : new IOException(message, error);
    }

    /// <summary>
    /// The number of entries of a directory other than . and .., or -errno. readdir(3) only: the
    /// names are counted, never stat'd (Directory.EnumerateFileSystemEntries stats every symlink,
    /// which for a /proc/PID/fd listing is one or two system calls per open file).
    /// </summary>
    public static int CountDirectoryEntries(ReadOnlySpan<byte> pathZ)
    {
        nint dir;
        fixed (byte* p = pathZ) dir = opendir_native(p);
        if (dir == 0) return -Marshal.GetLastPInvokeError();
        try
        {
            int n = 0;
            byte* entry;
            while ((entry = readdir_native(dir)) != null)
            {
                // struct dirent on 64-bit Linux (glibc, musl): d_ino 8, d_off 8, d_reclen 2, d_type 1, then d_name
                byte* name = entry + 19;
                if (name[0] == (byte)'.' && (name[1] == 0 || (name[1] == (byte)'.' && name[2] == 0))) continue;
                n++;
            }
            return n;
        }
        finally
        {
            closedir_native(dir);
        }
    }

    [DllImport("libc", EntryPoint = "opendir", SetLastError = true)]
    private static extern nint opendir_native(byte* path);

    [DllImport("libc", EntryPoint = "readdir")]
    private static extern byte* readdir_native(nint dir);

    [DllImport("libc", EntryPoint = "closedir")]
    private static extern int closedir_native(nint dir);

    /// <summary>Parses an ns link target such as <c>pid:[4026531836]</c> into the inode; 0 when malformed.</summary>
    public static long ParseNamespaceInode(ReadOnlySpan<byte> target)
    {
        int open = target.IndexOf((byte)'[');
        if (open < 0) return 0;
        long v = 0;
        for (int i = open + 1; i < target.Length && target[i] != (byte)']'; i++)
        {
            int d = target[i] - '0';
            if ((uint)d > 9) return 0;
            v = v * 10 + d;
        }
        return v;
    }

    [DllImport("libc", EntryPoint = "statfs", SetLastError = true)]
    private static extern int statfs_native(byte* path, long* buf);

    /// <summary>statfs(2) on 64-bit Linux (x86_64, arm64: every field is 64 bits wide). Returns 0 or errno.</summary>
    public static int StatFs(string path, out StatFsResult result)
    {
        long* buf = stackalloc long[32];
        new Span<long>(buf, 32).Clear();
        int len = Encoding.UTF8.GetMaxByteCount(path.Length) + 1;
        Span<byte> p = len <= 1024 ? stackalloc byte[len] : new byte[len];
        int n = Encoding.UTF8.GetBytes(path, p);
        p[n] = 0;
        int rc;
        fixed (byte* pp = p) rc = statfs_native(pp, buf);
        if (rc != 0)
        {
            result = default;
            return Marshal.GetLastPInvokeError();
        }
        // struct statfs: f_type, f_bsize, f_blocks, f_bfree, f_bavail, f_files, f_ffree, f_fsid, f_namelen, f_frsize, …
        ulong frsize = (ulong)buf[9] != 0 ? (ulong)buf[9] : (ulong)buf[1];
        result = new StatFsResult((ulong)buf[0], frsize, (ulong)buf[2], (ulong)buf[3], (ulong)buf[4], (ulong)buf[5], (ulong)buf[6]);
        return 0;
    }
}

/// <summary>The fields of struct statfs the disk collector uses; block counts are in <see cref="BlockSize"/> units.</summary>
internal readonly record struct StatFsResult(ulong Type, ulong BlockSize, ulong Blocks, ulong BlocksFree, ulong BlocksAvailable, ulong Files, ulong FilesFree);
