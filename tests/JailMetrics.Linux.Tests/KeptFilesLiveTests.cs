using System.Text;
using JailMetrics.Linux.Native;
using JailMetrics.Testing;

namespace JailMetrics.Linux.Tests;

/// <summary>
/// What <see cref="KeptFiles"/> relies on, proven against the running kernel for each file kind the
/// source keeps open: a pread at offset 0 of a kept fd is a fresh read (procfs single_open files and
/// cgroup kernfs attributes regenerate), a kept cgroup file does not stop its cgroup from being
/// removed, and a kept /proc/PID file fails once its process is gone.
/// </summary>
[Collection("live sandboxes")]
public sealed class KeptFilesLiveTests
{
    private static readonly SandboxOptions Options = new() { Processes = 2, Network = false, RssBytes = 16L << 20 };

    // The cgroup files the collectors read (v2 and v1: whichever hierarchy of the sandbox has them),
    // and the usage files that show the workload's memory and processes.
    private static readonly string[] CgroupFiles =
    [
        "cpu.stat", "io.stat", "memory.events", "pids.events", "memory.current", "pids.current",
        "cpuacct.usage", "blkio.throttle.io_service_bytes_recursive", "blkio.throttle.io_serviced_recursive",
        "memory.failcnt", "memory.oom_control", "memory.usage_in_bytes",
    ];

    [Fact]
    public void A_pread_at_0_of_a_kept_fd_equals_a_fresh_read_as_the_workload_changes()
    {
        Prerequisites.RequireRoot();
        using var sandbox = Sandbox.Start(Options);
        using var kept = new KeptFiles(64);
        var files = new List<string> { $"/proc/{sandbox.InitPid}/stat", $"/proc/{sandbox.InitPid}/status" };
        files.AddRange(CgroupFiles.Select(sandbox.CgroupFile).OfType<string>());
        Assert.True(files.Count >= 2 + 4, $"the sandbox's cgroup lacks files: {string.Join(", ", files)}");
        var fds = files.ToDictionary(f => f, f => Open(kept, f));

        var before = files.ToDictionary(f => f, f => AgreeingRead(fds[f], f));
        sandbox.GrowMemory(32L << 20);
        var after = files.ToDictionary(f => f, f => AgreeingRead(fds[f], f));

        // The memory grew by 32 MiB: the kept fds of status and memory.current must show it, not the old text.
        string status = $"/proc/{sandbox.InitPid}/status";
        Assert.True(Kb(after[status], "VmRSS") - Kb(before[status], "VmRSS") >= 30 << 10, $"VmRSS through the kept fd did not grow:\n{after[status]}");
        var usage = new[] { "memory.current", "memory.usage_in_bytes" }.Select(sandbox.CgroupFile).OfType<string>().First();
        Assert.True(long.Parse(after[usage].Trim()) - long.Parse(before[usage].Trim()) >= 30L << 20, $"{usage} through the kept fd did not grow");
        Assert.NotEqual(before[$"/proc/{sandbox.InitPid}/stat"], after[$"/proc/{sandbox.InitPid}/stat"]); // rss, minflt
        foreach (int fd in fds.Values) kept.Close(fd);
        Assert.Equal(0, kept.OpenCount);
    }

    [Fact]
    public void A_cgroup_whose_files_are_kept_open_can_be_removed_and_its_reads_then_fail()
    {
        Prerequisites.RequireRoot();
        using var kept = new KeptFiles(64);
        var sandbox = Sandbox.Start(Options);
        List<(string Path, int Fd)> open;
        string directory;
        try
        {
            open = [.. CgroupFiles.Select(sandbox.CgroupFile).OfType<string>().Select(f => (f, Open(kept, f)))];
            Assert.NotEmpty(open);
            directory = Path.GetDirectoryName(open[0].Path)!;
            foreach (var (path, fd) in open) Assert.True(KeptFiles.ReadAt0(fd, new byte[16384]) >= 0, path);
        }
        finally
        {
            sandbox.Dispose(); // kills the workload and rmdirs the cgroup while our fds are open
        }

        Assert.False(Directory.Exists(directory), $"{directory} could not be removed while its files were held open");
        foreach (var (path, fd) in open)
        {
            int n = KeptFiles.ReadAt0(fd, new byte[16384]);
            Assert.True(n == -19, $"{path}: a read after rmdir gave {n}, not -ENODEV");
            kept.Close(fd);
        }
    }

    [Fact]
    public void A_kept_proc_file_of_a_process_that_exited_fails_cleanly()
    {
        Prerequisites.RequireRoot();
        using var kept = new KeptFiles(64);
        using var child = System.Diagnostics.Process.Start("sleep", "300");
        int stat = Open(kept, $"/proc/{child.Id}/stat");
        int status = Open(kept, $"/proc/{child.Id}/status");
        var buffer = new byte[16384];
        Assert.True(KeptFiles.ReadAt0(stat, buffer) > 0);

        child.Kill();
        child.WaitForExit(); // reaped: the pid is free and may be anyone's next

        Assert.True(KeptFiles.ReadAt0(stat, buffer) <= 0, "stat of a reaped process still reads");
        Assert.True(KeptFiles.ReadAt0(status, buffer) <= 0, "status of a reaped process still reads");
        kept.Close(stat);
        kept.Close(status);
    }

    private static int Open(KeptFiles kept, string path)
    {
        int fd = kept.TryOpen(Encoding.UTF8.GetBytes(path + "\0"));
        Assert.True(fd >= 0, $"open {path}: {fd}");
        return fd;
    }

    /// <summary>
    /// The kept fd's content, checked against a fresh open/read: equal, allowing for the file changing
    /// between the two reads (a counter ticking): then both are read again, a few times.
    /// </summary>
    private static string AgreeingRead(int fd, string path)
    {
        var buffer = new byte[16384];
        string keptText = "", fresh = "";
        for (int attempt = 0; attempt < 5; attempt++)
        {
            int n = KeptFiles.ReadAt0(fd, buffer);
            Assert.True(n >= 0, $"pread of kept {path}: {n}");
            keptText = Encoding.UTF8.GetString(buffer, 0, n);
            fresh = File.ReadAllText(path);
            if (keptText == fresh) return keptText;
        }
        Assert.Equal(fresh, keptText);
        return keptText;
    }

    private static long Kb(string status, string field) =>
        long.Parse(status.Split('\n').Single(l => l.StartsWith(field + ":", StringComparison.Ordinal))
            .Split(' ', '\t').Where(s => s.Length > 0).ElementAt(1));
}
