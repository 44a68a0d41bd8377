using System.Text;
using JailMetrics.Linux.Native;
using Tmds.Linux;
using static Tmds.Linux.LibC;

namespace JailMetrics.Linux.Namespaces;

/// <summary>
/// Enters IPC and UTS namespaces with setns(2) on ONE long-lived dedicated thread (setns changes only
/// the calling thread's namespaces; no pool thread ever runs in a jail's namespace) and returns to the
/// thread's original namespace once a batch of visits is done. IPC usage comes from the kernel's
/// totals (<see cref="SysvIpcTotals"/>), not from /proc/sysvipc. A namespace fd is opened from
/// <c>{ProcRoot}/PID/ns/…</c> and its inode checked against the expected one, so a reused pid is never
/// mistaken for the jail. If returning fails, the thread ends and the next call starts a fresh one.
/// </summary>
public sealed unsafe class LiveNamespaceReader : INamespaceReader, IDisposable
{
    private readonly string _procRoot;
    private readonly Lock _lock = new();
    private WorkQueue? _queue;
    private Thread? _thread;

    public LiveNamespaceReader(string procRoot = "/proc") => _procRoot = procRoot.TrimEnd('/');

    public IReadOnlyList<IpcUsage?> ReadIpc(IReadOnlyList<NamespaceTarget> targets, CancellationToken cancellationToken)
    {
        if (targets.Count == 0) return [];
        var results = new IpcUsage?[targets.Count];
        RunOnThread(() => VisitAll(targets, "ipc", CLONE_NEWIPC, i => results[i] = SysvIpcTotals.Read(), cancellationToken));
        return results;
    }

    public IReadOnlyList<string?> ReadHostnames(IReadOnlyList<NamespaceTarget> targets, CancellationToken cancellationToken)
    {
        if (targets.Count == 0) return [];
        var results = new string?[targets.Count];
        RunOnThread(() => VisitAll(targets, "uts", CLONE_NEWUTS, i => results[i] = GetHostname(), cancellationToken));
        return results;
    }

    // ---- on the dedicated thread ----

    [ThreadStatic] private static Dictionary<string, (int Fd, long Inode)>? t_home; // the dedicated thread's own namespaces

    /// <summary>
    /// Enters each target's namespace in turn and calls <paramref name="read"/> with its index there;
    /// a target whose process is gone (or whose pid now names another namespace) is skipped. The
    /// thread goes from one jail's namespace straight to the next and returns to its own once, at
    /// the end (setns(2) needs the same capabilities from any IPC or UTS namespace: they are checked
    /// against the thread's credentials and the target's user namespace): one setns per namespace
    /// instead of two.
    /// </summary>
    private bool VisitAll(IReadOnlyList<NamespaceTarget> targets, string kind, int nstype, Action<int> read, CancellationToken cancellationToken)
    {
        var home = Home(kind);
        long current = home.Inode;
        try
        {
            for (int i = 0; i < targets.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var target = targets[i];
                if (target.Inode != current)
                {
                    if (target.Inode == home.Inode) Enter(home.Fd, nstype, kind, target.Pid);
                    else if (!EnterByPid(target, kind, nstype)) continue; // the process is gone or its pid was reused
                    current = target.Inode;
                }
                read(i);
            }
            return true;
        }
        finally
        {
            // Never leave this thread in a jail's namespace; if it cannot return, retire it.
            if (current != home.Inode && setns(home.Fd, nstype) != 0)
                throw new ThreadStrandedException($"cannot return to the original {kind} namespace: errno {errno}");
        }
    }

    /// <summary>Opens {ProcRoot}/PID/ns/KIND, checks its inode and enters it; false when it is not the expected namespace (any more).</summary>
    private bool EnterByPid(NamespaceTarget target, string kind, int nstype)
    {
        int fd = OpenNamespace($"{_procRoot}/{target.Pid}/ns/{kind}", out long inode);
        if (fd < 0) return false;
        try
        {
            if (inode != target.Inode) return false;
            Enter(fd, nstype, kind, target.Pid);
            return true;
        }
        finally
        {
            close(fd);
        }
    }

    private static void Enter(int fd, int nstype, string kind, int pid)
    {
        if (setns(fd, nstype) != 0) throw new IOException($"setns({kind} of pid {pid}) failed: errno {errno}");
    }

    private static (int Fd, long Inode) Home(string kind)
    {
        var homes = t_home ??= [];
        if (homes.TryGetValue(kind, out var home)) return home;
        int fd = OpenNamespace($"/proc/thread-self/ns/{kind}", out long inode);
        if (fd < 0) throw new IOException($"cannot open this thread's {kind} namespace: errno {errno}");
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
            // No spinning before blocking: the work takes milliseconds, so a spin only burns sched_yield calls.
            using var done = new ManualResetEventSlim(false, spinCount: 0);
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

    private WorkQueue EnsureThread()
    {
        if (_queue is { } existing) return existing;
        var queue = new WorkQueue();
        var thread = new Thread(() => Loop(queue)) { IsBackground = true, Name = "jailmetrics-setns" };
        thread.Start();
        _queue = queue;
        _thread = thread;
        return queue;
    }

    private static void Loop(WorkQueue queue)
    {
        while (queue.Take() is { } action)
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

    /// <summary>
    /// The dedicated thread's work queue: a lock and Monitor.Wait, which block at once where
    /// BlockingCollection's semaphore spins first (sched_yield calls every sample for an idle thread).
    /// </summary>
    private sealed class WorkQueue
    {
        private readonly Queue<Action> _items = new();
        private bool _completed;

        public bool IsAddingCompleted
        {
            get { lock (_items) return _completed; }
        }

        public void Add(Action action)
        {
            lock (_items)
            {
                if (_completed) throw new InvalidOperationException("the namespace thread has ended");
                _items.Enqueue(action);
                Monitor.Pulse(_items);
            }
        }

        public void CompleteAdding()
        {
            lock (_items)
            {
                _completed = true;
                Monitor.PulseAll(_items);
            }
        }

        /// <summary>The next action, waiting for one; null once adding is complete and nothing is left.</summary>
        public Action? Take()
        {
            lock (_items)
            {
                while (_items.Count == 0 && !_completed) Monitor.Wait(_items);
                return _items.TryDequeue(out var action) ? action : null;
            }
        }
    }

    private sealed class ThreadStrandedException(string message) : Exception(message);
}
