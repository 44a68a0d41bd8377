using System.Buffers;
using System.Collections.Concurrent;
using System.Text;
using JailMetrics.Linux.Native;
using JailMetrics.Linux.Parsing;
using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace JailMetrics.Linux.Namespaces;

/// <summary>
/// Enters IPC and UTS namespaces with setns(2) on ONE long-lived dedicated thread (setns changes only
/// the calling thread's namespaces; no pool thread ever runs in a jail's namespace) and returns to the
/// thread's original namespace after each visit. A namespace fd is opened from
/// <c>{ProcRoot}/PID/ns/…</c> and its inode checked against the expected one, so a reused pid is never
/// mistaken for the jail. If returning fails, the thread ends and the next call starts a fresh one.
/// </summary>
public sealed unsafe class LiveNamespaceReader : INamespaceReader, IDisposable
{
    private readonly string _procRoot;
    private readonly Lock _lock = new();
    private BlockingCollection<Action>? _queue;
    private Thread? _thread;

    public LiveNamespaceReader(string procRoot = "/proc") => _procRoot = procRoot.TrimEnd('/');

    public IReadOnlyList<IpcUsage?> ReadIpc(IReadOnlyList<NamespaceTarget> targets, CancellationToken cancellationToken)
    {
        if (targets.Count == 0) return [];
        return RunOnThread(() =>
        {
            var results = new IpcUsage?[targets.Count];
            for (int i = 0; i < targets.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                results[i] = Visit(targets[i], "ipc", CLONE_NEWIPC, ReadSysvIpc);
            }
            return results;
        });
    }

    public IReadOnlyList<string?> ReadHostnames(IReadOnlyList<NamespaceTarget> targets, CancellationToken cancellationToken)
    {
        if (targets.Count == 0) return [];
        return RunOnThread(() =>
        {
            var results = new string?[targets.Count];
            for (int i = 0; i < targets.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                results[i] = Visit(targets[i], "uts", CLONE_NEWUTS, GetHostname);
            }
            return results;
        });
    }

    // ---- on the dedicated thread ----

    [ThreadStatic] private static Dictionary<string, (int Fd, long Inode)>? t_home; // the dedicated thread's own namespaces

    private T? Visit<T>(NamespaceTarget target, string kind, int nstype, Func<T> read)
    {
        var home = Home(kind, nstype);
        if (target.Inode == home.Inode) return read();

        int fd = OpenNamespace($"{_procRoot}/{target.Pid}/ns/{kind}", out long inode);
        if (fd < 0 || inode != target.Inode)
        {
            if (fd >= 0) close(fd);
            return default; // the process is gone or its pid was reused
        }
        try
        {
            if (setns(fd, nstype) != 0) throw new IOException($"setns({kind} of pid {target.Pid}) failed: errno {errno}");
            try
            {
                return read();
            }
            finally
            {
                if (setns(home.Fd, nstype) != 0)
                {
                    // This thread is stranded in a jail's namespace: retire it.
                    throw new ThreadStrandedException($"cannot return to the original {kind} namespace: errno {errno}");
                }
            }
        }
        finally
        {
            close(fd);
        }
    }

    private (int Fd, long Inode) Home(string kind, int nstype)
    {
        var homes = t_home ??= [];
        if (homes.TryGetValue(kind, out var home)) return home;
        int fd = OpenNamespace($"/proc/thread-self/ns/{kind}", out long inode);
        if (fd < 0) throw new IOException($"cannot open this thread's {kind} namespace: errno {errno}");
        _ = nstype;
        homes[kind] = (fd, inode);
        return (fd, inode);
    }

    private static int OpenNamespace(string path, out long inode)
    {
        inode = 0;
        Span<byte> p = stackalloc byte[Encoding.UTF8.GetMaxByteCount(path.Length) + 1];
        int n = Encoding.UTF8.GetBytes(path, p);
        p[n] = 0;
        int fd;
        fixed (byte* pp = p) fd = open(pp, O_RDONLY | O_CLOEXEC, 0);
        if (fd < 0) return -1;
        stat st;
        if (fstat(fd, &st) != 0)
        {
            close(fd);
            return -1;
        }
        inode = (long)(ulong)st.st_ino;
        return fd;
    }

    private IpcUsage ReadSysvIpc()
    {
        byte[]? shm = null, sem = null, msg = null;
        try
        {
            shm = ReadWhole("shm", out int shmLength);
            sem = ReadWhole("sem", out int semLength);
            msg = ReadWhole("msg", out int msgLength);
            return SysvIpcParser.Parse(shm.AsSpan(0, shmLength), sem.AsSpan(0, semLength), msg.AsSpan(0, msgLength));
        }
        finally
        {
            if (shm is not null) ArrayPool<byte>.Shared.Return(shm);
            if (sem is not null) ArrayPool<byte>.Shared.Return(sem);
            if (msg is not null) ArrayPool<byte>.Shared.Return(msg);
        }
    }

    private byte[] ReadWhole(string file, out int length)
    {
        // /proc/sysvipc shows the IPC namespace of the thread that opens it, whichever procfs mount it is.
        var path = Encoding.UTF8.GetBytes($"{_procRoot}/sysvipc/{file}\0");
        return NativeFs.ReadFilePooled(path, out length, out int error)
            ?? throw new IOException($"cannot read {_procRoot}/sysvipc/{file}: errno {error}");
    }

    private static string GetHostname()
    {
        byte* name = stackalloc byte[256];
        if (gethostname(name, 256) != 0) throw new IOException($"gethostname failed: errno {errno}");
        return new string((sbyte*)name);
    }

    // ---- thread plumbing ----

    private T RunOnThread<T>(Func<T> work)
    {
        lock (_lock)
        {
            var queue = EnsureThread();
            T? result = default;
            Exception? failure = null;
            using var done = new ManualResetEventSlim();
            queue.Add(() =>
            {
                try { result = work(); }
                catch (Exception e) { failure = e; }
                finally { done.Set(); }
            });
            done.Wait();
            if (failure is ThreadStrandedException)
            {
                queue.CompleteAdding(); // the stranded thread ends; the next call starts a fresh one
                _queue = null;
                _thread = null;
            }
            if (failure is not null) throw failure is OperationCanceledException ? failure : new IOException(failure.Message, failure);
            return result!;
        }
    }

    private BlockingCollection<Action> EnsureThread()
    {
        if (_queue is { } existing) return existing;
        var queue = new BlockingCollection<Action>();
        var thread = new Thread(() => Loop(queue)) { IsBackground = true, Name = "jailmetrics-setns" };
        thread.Start();
        _queue = queue;
        _thread = thread;
        return queue;
    }

    private void Loop(BlockingCollection<Action> queue)
    {
        foreach (var action in queue.GetConsumingEnumerable())
        {
            action();
            if (queue.IsAddingCompleted) break;
        }
        if (t_home is { } homes)
        {
            foreach (var (_, home) in homes) close(home.Fd);
            homes.Clear();
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _queue?.CompleteAdding();
            _thread?.Join(TimeSpan.FromSeconds(5));
            _queue = null;
            _thread = null;
        }
    }

    private sealed class ThreadStrandedException(string message) : Exception(message);
}
