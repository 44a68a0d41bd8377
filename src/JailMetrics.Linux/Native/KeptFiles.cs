using System.Buffers;
using System.Text;
using static Tmds.Linux.LibC;

namespace JailMetrics.Linux.Native;

/// <summary>
/// Kernel files kept open from one sample to the next and re-read with <c>pread(fd, buf, len, 0)</c>:
/// one system call per read instead of open, read, read-to-EOF and close (issue 8: at 1000 jails the
/// system calls are the sample's cost).
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Why a read at offset 0 is fresh: procfs single-record files (/proc/PID/stat, status) and
/// cgroup (kernfs) attributes are seq_files, and seq_read_iter (fs/seq_file.c) resets its iterator
/// when a read starts at offset 0, regenerating the content; a single-record file is produced whole
/// by one show() call, so a read with a large enough buffer returns all of it. A fixture tree's
/// regular files are re-read from offset 0 just the same, as long as they are rewritten in place (a file
/// replaced by rename keeps its old content behind a kept fd until the fd is closed). Proven per file kind against the kernel in
/// tests/JailMetrics.Linux.Tests/KeptFilesLiveTests.</item>
/// <item>What a kept fd holds: an fd of /proc/PID/* pins the struct pid, not the task; once the
/// process is gone its reads fail (ESRCH) or return 0 bytes, so a handle never reads a later
/// process that got the same pid. A kernfs fd does not block rmdir of its cgroup; reads then fail
/// with ENODEV. /proc/PID/net/* must never be kept: seq_open_net holds a reference to the network
/// namespace, which would keep a dead jail's namespace and veths alive.</item>
/// <item>Bounds: at most <see cref="Capacity"/> fds are kept (beyond it reads fall back to
/// open/read/close); every handle not used in a sample is closed when the sample ends; O_CLOEXEC.</item>
/// </list>
/// Not thread-safe: one sample at a time.
/// </remarks>
internal sealed unsafe class KeptFiles : IDisposable
{
    private const int ERANGE = 34;

    // Keyed by directory and file name apart (ordinal), so a read makes no path string (issue 8).
    private readonly Dictionary<(string Directory, string File), Entry> _byPath = [];
    // Files found missing (ENOENT/ENOTDIR) in a full sample: not retried until the next full sample.
    private readonly HashSet<(string Directory, string File)> _missing = [];
    private byte[] _content = new byte[16384]; // what TryRead returns, valid until the next read
    private long _sample;
    private int _open;

    private sealed class Entry(int fd)
    {
        public int Fd = fd;
        public long LastUsed;
    }

    public KeptFiles(int capacity) => Capacity = capacity;

    /// <summary>At most this many fds are kept open (path-keyed ones and those taken with <see cref="TryOpen"/>).</summary>
    public int Capacity { get; }

    /// <summary>The fds kept open now.</summary>
    public int OpenCount => _open;

    /// <summary>
    /// Half the soft RLIMIT_NOFILE, at most 1 << 20: the rest is left to the service (sockets, its own
    /// files, the runtime). With the usual soft limit of 1024 that is 512; systemd services get 524288.
    /// </summary>
    public static int DefaultCapacity()
    {
        ulong* limit = stackalloc ulong[2]; // struct rlimit { rlim_t rlim_cur, rlim_max; }, 64-bit
        if (getrlimit_native(RlimitNofile, limit) != 0) return 512;
        return (int)Math.Clamp(limit[0] / 2, 16UL, 1UL << 20);
    }

    private const int RlimitNofile = 7; // RLIMIT_NOFILE, asm-generic/resource.h

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "getrlimit")]
    private static extern int getrlimit_native(int resource, ulong* limit);

    /// <summary>Starts a sample; a full one retries the files found missing before.</summary>
    public void BeginSample(bool full)
    {
        _sample++;
        if (full) _missing.Clear();
    }

    /// <summary>Closes every path-keyed handle that was not used in this sample (its cgroup or process is gone).</summary>
    public void EndSample()
    {
        // Dictionary allows Remove while it is enumerated (since .NET Core 3.0): no list of the stale ones.
        foreach (var (key, entry) in _byPath)
        {
            if (entry.LastUsed == _sample) continue;
            Close(entry.Fd);
            _byPath.Remove(key);
        }
    }

    /// <summary>Opens a file to keep (O_RDONLY | O_CLOEXEC): the fd, -errno, or -EMFILE when the cap is reached.</summary>
    public int TryOpen(ReadOnlySpan<byte> pathZ)
    {
        if (_open >= Capacity) return -EMFILE;
        int fd;
        fixed (byte* p = pathZ) fd = open(p, O_RDONLY | O_CLOEXEC, 0);
        if (fd < 0) return -errno;
        _open++;
        return fd;
    }

    /// <summary>Closes an fd taken with <see cref="TryOpen"/>.</summary>
    public void Close(int fd)
    {
        if (fd < 0) return;
        close(fd);
        _open--;
    }

    /// <summary>
    /// One pread at offset 0 into <paramref name="buffer"/>: the length (0 is an empty file, or for
    /// /proc/PID/* a process that is gone), -errno, or -ERANGE when the content may not fit.
    /// </summary>
    public static int ReadAt0(int fd, Span<byte> buffer)
    {
        fixed (byte* b = buffer)
        {
            while (true)
            {
                long n = pread(fd, b, buffer.Length, 0);
                if (n >= 0) return n == buffer.Length ? -ERANGE : (int)n;
                int e = errno;
                if (e != EINTR) return -e;
            }
        }
    }

    /// <summary>
    /// A whole file <c>{directory}/{file}</c> as bytes, through a kept handle when there is room: false
    /// when it does not exist (ENOENT, ENOTDIR; remembered until the next full sample) or its cgroup was
    /// removed (ENODEV). Other errors throw as <see cref="NativeFs.ReadAllTextOrNull"/> does.
    /// <paramref name="content"/> is valid until the next read through this object.
    /// </summary>
    public bool TryRead(string directory, string file, out ReadOnlySpan<byte> content)
    {
        var key = (directory, file);
        content = default;
        if (_missing.Contains(key)) return false;
        if (_byPath.TryGetValue(key, out var entry))
        {
            int n = ReadAt0(entry.Fd, _content);
            if (n >= 0)
            {
                entry.LastUsed = _sample;
                content = _content.AsSpan(0, n);
                return true;
            }
            // Gone (ENODEV), too large for the buffer, or a failure the fresh read below reports properly.
            Close(entry.Fd);
            _byPath.Remove(key);
        }
        int len = Encoding.UTF8.GetMaxByteCount(directory.Length + 1 + file.Length) + 1;
        Span<byte> pathZ = len <= 1024 ? stackalloc byte[len] : new byte[len];
        int p = Encoding.UTF8.GetBytes(directory, pathZ);
        pathZ[p++] = (byte)'/';
        p += Encoding.UTF8.GetBytes(file, pathZ[p..]);
        pathZ[p] = 0;
        pathZ = pathZ[..(p + 1)];
        if (entry is null && _open < Capacity)
        {
            int fd = TryOpen(pathZ);
            if (fd >= 0)
            {
                int n = ReadAt0(fd, _content);
                if (n >= 0)
                {
                    _byPath[key] = new Entry(fd) { LastUsed = _sample };
                    content = _content.AsSpan(0, n);
                    return true;
                }
                Close(fd);
            }
            else if (fd == -ENOENT || fd == -ENOTDIR)
            {
                _missing.Add(key);
                return false;
            }
        }
        byte[]? fresh = NativeFs.ReadAllBytesPooledOrNull(pathZ, out int length);
        if (fresh is null)
        {
            _missing.Add(key);
            return false;
        }
        if (length > _content.Length) _content = new byte[length];
        fresh.AsSpan(0, length).CopyTo(_content);
        ArrayPool<byte>.Shared.Return(fresh);
        content = _content.AsSpan(0, length);
        return true;
    }

    /// <summary><see cref="TryRead"/> as text (UTF-8); null where it returns false.</summary>
    public string? ReadText(string directory, string file) =>
        TryRead(directory, file, out var content) ? Encoding.UTF8.GetString(content) : null;

    public void Dispose()
    {
        foreach (var entry in _byPath.Values) Close(entry.Fd);
        _byPath.Clear();
    }
}
