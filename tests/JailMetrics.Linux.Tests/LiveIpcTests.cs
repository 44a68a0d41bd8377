using System.Globalization;
using System.Runtime.InteropServices;
using JailMetrics.Linux.Namespaces;
using JailMetrics.Model;
using JailMetrics.Testing;
using static JailMetrics.Linux.Tests.LiveSampling;

namespace JailMetrics.Linux.Tests;

/// <summary>
/// SysV IPC usage of a live sandbox, as the source reads it (the kernel's SHM_INFO, SEM_INFO and
/// MSG_INFO totals inside the jail's IPC namespace), against what the kernel lists in that namespace
/// (/proc/sysvipc/{shm,sem,msg} read there through nsenter), with segments whose sizes are not page
/// multiples, semaphore sets and queues holding messages.
/// </summary>
[Collection("live sandboxes")]
public sealed class LiveIpcTests
{
    private static readonly SandboxOptions Options = new() { Processes = 1, Network = false, RssBytes = 4L << 20, ShmBytes = 1L << 20 };
    private static readonly long Page = Environment.SystemPageSize;

    [Fact]
    public void Ipc_usage_matches_the_kernels_lists_inside_the_jail()
    {
        Prerequisites.RequireRoot();
        using var source = new LinuxJailSource(new LinuxSourceOptions());
        using var sandbox = Sandbox.Start(Options);
        InIpcNamespace(sandbox.InitPid, () =>
        {
            Check(shmget(IPC_PRIVATE, 5000, IPC_CREAT | 0x180), "shmget 5000");
            Check(shmget(IPC_PRIVATE, 1, IPC_CREAT | 0x180), "shmget 1");
            Check(semget(IPC_PRIVATE, 3, IPC_CREAT | 0x180), "semget 3");
            Check(semget(IPC_PRIVATE, 2, IPC_CREAT | 0x180), "semget 2");
            int q1 = Check(msgget(IPC_PRIVATE, IPC_CREAT | 0x180), "msgget");
            int q2 = Check(msgget(IPC_PRIVATE, IPC_CREAT | 0x180), "msgget");
            Send(q1, 100);
            Send(q1, 37);
            Send(q2, 5);
        });

        var jail = Find(Sample(source), sandbox.Name);
        var kernel = KernelLists(sandbox);

        // What was made: the workload's segment and two more, 5000 bytes and 1 byte, each taking whole pages.
        Assert.Equal(3, jail.Usage[Resource.NShm]);
        Assert.Equal(Options.ShmBytes + 2 * Page + Page, jail.Usage[Resource.ShmSize]);
        Assert.Equal(5, jail.Usage[Resource.NSem]);
        Assert.Equal(2, jail.Usage[Resource.NMsgq]);
        Assert.Equal(142, jail.Usage[Resource.MsgqSize]);
        Assert.Equal(3, jail.Usage[Resource.MsgqQueued]);

        // What the kernel lists in the namespace, summed the same way (segments rounded up to pages, as RACCT does).
        Assert.Equal(kernel.Segments, jail.Usage[Resource.NShm]);
        Assert.Equal(kernel.SegmentPagesBytes, jail.Usage[Resource.ShmSize]);
        Assert.Equal(kernel.Semaphores, jail.Usage[Resource.NSem]);
        Assert.Equal(kernel.Queues, jail.Usage[Resource.NMsgq]);
        Assert.Equal(kernel.QueuedBytes, jail.Usage[Resource.MsgqSize]);
        Assert.Equal(kernel.QueuedMessages, jail.Usage[Resource.MsgqQueued]);
    }

    [Fact]
    public void The_reader_hops_between_namespaces_skips_a_gone_one_and_comes_home()
    {
        Prerequisites.RequireRoot();
        using var reader = new LiveNamespaceReader();
        using var a = Sandbox.Start(Options);
        using var b = Sandbox.Start(new SandboxOptions { Processes = 1, Network = false, RssBytes = 4L << 20, ShmBytes = 3L << 20 });
        long hostIpc = IpcInode("/proc/self");
        var gone = new NamespaceTarget(a.InitPid, a.IpcNamespaceInode + 1); // the pid's namespace is another: as after pid reuse

        var usage = reader.ReadIpc([new(a.InitPid, a.IpcNamespaceInode), gone, new(b.InitPid, b.IpcNamespaceInode),
            new(1, hostIpc), new(a.InitPid, a.IpcNamespaceInode)], CancellationToken.None);

        Assert.Equal(Options.ShmBytes, usage[0]!.Value.SharedMemoryBytes);
        Assert.Null(usage[1]);
        Assert.Equal(3L << 20, usage[2]!.Value.SharedMemoryBytes);
        Assert.Equal(KernelLists(null).SegmentPagesBytes, usage[3]!.Value.SharedMemoryBytes);
        Assert.Equal(usage[0], usage[4]);
        // Back home after the batch: the host's view is read in the host's namespace again.
        Assert.Equal(usage[3], reader.ReadIpc([new(1, hostIpc)], CancellationToken.None)[0]);
        Assert.Equal(File.ReadAllText("/proc/sys/kernel/hostname").Trim(), reader.ReadHostnames([new(1, IpcInode("/proc/self", "uts"))], CancellationToken.None)[0]);
    }

    [Fact]
    public void A_kept_ipc_sysctl_fd_rereads_its_namespaces_value_at_offset_0()
    {
        // The host IPC limits are read through kept fds (IpcCollector.WriteHostLimits). A /proc/sys
        // file of an IPC sysctl is bound to the namespace of its opener; it is opened in the sandbox's
        // here, so the value changed is the sandbox's, never the host's.
        Prerequisites.RequireRoot();
        using var sandbox = Sandbox.Start(Options);
        using var kept = new Native.KeptFiles(4);
        int fd = -1;
        InIpcNamespace(sandbox.InitPid, () => fd = kept.TryOpen(System.Text.Encoding.UTF8.GetBytes("/proc/sys/kernel/msgmnb\0")));
        Assert.True(fd >= 0, $"open: {-fd}");
        try
        {
            string host = File.ReadAllText("/proc/sys/kernel/msgmnb").Trim();
            string before = ReadAt0(fd);
            string changed = (long.Parse(before, CultureInfo.InvariantCulture) + 4096).ToString(CultureInfo.InvariantCulture);
            SandboxHarnessTests.Nsenter(sandbox, "--ipc", "sh", "-c", $"echo {changed} > /proc/sys/kernel/msgmnb");

            Assert.Equal(changed, ReadAt0(fd));
            Assert.Equal(changed, ReadAt0(fd)); // and again: every read at offset 0 is whole
            Assert.Equal(host, File.ReadAllText("/proc/sys/kernel/msgmnb").Trim());
        }
        finally
        {
            kept.Close(fd);
        }

        static string ReadAt0(int fd)
        {
            var buffer = new byte[256];
            int n = Native.KeptFiles.ReadAt0(fd, buffer);
            Assert.True(n > 0, $"pread: {n}");
            return System.Text.Encoding.ASCII.GetString(buffer, 0, n).Trim();
        }
    }

    private sealed record Lists(long Segments, long SegmentPagesBytes, long Semaphores, long Queues, long QueuedBytes, long QueuedMessages);

    /// <summary>/proc/sysvipc as seen inside the sandbox's IPC namespace (null: the host's, read directly).</summary>
    private static Lists KernelLists(Sandbox? sandbox)
    {
        string Read(string file) => sandbox is null
            ? File.ReadAllText($"/proc/sysvipc/{file}")
            : SandboxHarnessTests.Nsenter(sandbox, "--ipc", "cat", $"/proc/sysvipc/{file}");
        var shm = Rows(Read("shm"), "size");
        var sem = Rows(Read("sem"), "nsems");
        var msg = Rows(Read("msg"), "cbytes", "qnum");
        return new Lists(shm.Count, shm.Sum(r => (r[0] + Page - 1) / Page * Page), sem.Sum(r => r[0]),
            msg.Count, msg.Sum(r => r[0]), msg.Sum(r => r[1]));
    }

    private static List<long[]> Rows(string text, params string[] columns)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        int[] index = columns.Select(c => Array.IndexOf(header, c)).ToArray();
        Assert.DoesNotContain(-1, index);
        return lines.Skip(1).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(f => index.Select(i => long.Parse(f[i], CultureInfo.InvariantCulture)).ToArray()).ToList();
    }

    private static long IpcInode(string procDirectory, string kind = "ipc")
    {
        string target = new FileInfo($"{procDirectory}/ns/{kind}").LinkTarget!;
        return long.Parse(target[(target.IndexOf('[') + 1)..^1], CultureInfo.InvariantCulture);
    }

    /// <summary>Runs <paramref name="action"/> on a thread of its own that has entered PID's IPC namespace and then ends (setns changes only the calling thread).</summary>
    private static void InIpcNamespace(int pid, Action action)
    {
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                int fd = Check(open($"/proc/{pid}/ns/ipc", O_RDONLY | O_CLOEXEC), "open ns/ipc");
                try { Check(setns(fd, CLONE_NEWIPC), "setns"); }
                finally { close(fd); }
                action();
            }
            catch (Exception e) { failure = e; }
        });
        thread.Start();
        thread.Join();
        if (failure is not null) throw new InvalidOperationException("in the sandbox's IPC namespace: " + failure.Message, failure);
    }

    private static void Send(int queue, int bytes)
    {
        var message = new byte[8 + bytes]; // struct msgbuf { long mtype; char mtext[]; }
        BitConverter.TryWriteBytes(message, 1L);
        Check(msgsnd(queue, message, (nuint)bytes, 0), "msgsnd");
    }

    private static int Check(int result, string call) =>
        result >= 0 ? result : throw new InvalidOperationException($"{call}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");

    private const int IPC_PRIVATE = 0;
    private const int IPC_CREAT = 0x200; // 01000, <bits/ipc.h>
    private const int CLONE_NEWIPC = 0x08000000;

    private const int O_RDONLY = 0;
    private const int O_CLOEXEC = 0x80000;

    [DllImport("libc", SetLastError = true)] private static extern int open(string path, int flags);
    [DllImport("libc")] private static extern int close(int fd);
    [DllImport("libc", SetLastError = true)] private static extern int setns(int fd, int nstype);
    [DllImport("libc", SetLastError = true)] private static extern int shmget(int key, nuint size, int flags);
    [DllImport("libc", SetLastError = true)] private static extern int semget(int key, int nsems, int flags);
    [DllImport("libc", SetLastError = true)] private static extern int msgget(int key, int flags);
    [DllImport("libc", SetLastError = true)] private static extern int msgsnd(int queue, byte[] message, nuint size, int flags);
}
