using System.Diagnostics;
using System.Globalization;
using JailMetrics.Testing;
using JailMetrics.Testing.Sandboxing;

namespace JailMetrics.Linux.Tests;

/// <summary>
/// Proves the live sandbox harness (JailMetrics.Testing.Sandbox) creates exactly the footprint it
/// promises and removes every trace of it, since every live Linux test relies on both.
/// </summary>
public sealed class SandboxHarnessTests
{
    // The v1 controllers the harness gives a sandbox its own cgroup in (besides the v2 hierarchy).
    private static readonly string[] SandboxedV1Controllers = ["memory", "cpu", "cpuacct", "pids", "blkio"];

    [Fact]
    public void The_leftover_sweep_removes_an_unclaimed_jmtest_cgroup_and_keeps_a_claimed_one()
    {
        Prerequisites.RequireRoot();
        // Another test project's sweep runs while this one's cgroups exist: only a claim tells them apart.
        using var claim = ClaimedCgroupName.Claim("claimed");
        string claimed = Path.Combine("/sys/fs/cgroup/pids", claim.Name);
        string unclaimed = Path.Combine("/sys/fs/cgroup/pids", $"jmtest-unclaimed-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40]);
        Directory.CreateDirectory(claimed);
        Directory.CreateDirectory(unclaimed);
        try
        {
            Sandbox.RemoveLeftovers();

            Assert.True(Directory.Exists(claimed), "the claimed cgroup was swept");
            Assert.False(Directory.Exists(unclaimed), "the unclaimed cgroup was left");
        }
        finally
        {
            if (Directory.Exists(claimed)) Directory.Delete(claimed);
            if (Directory.Exists(unclaimed)) Directory.Delete(unclaimed);
        }
    }

    [Fact]
    public void Sandbox_has_the_requested_footprint()
    {
        var options = new SandboxOptions { Processes = 4, ExtraOpenFiles = 7, RssBytes = 24L << 20, ShmBytes = 3L << 20 };
        using Sandbox sandbox = Sandbox.Start(options);

        Assert.StartsWith("jmtest-", sandbox.Name, StringComparison.Ordinal);
        Assert.Equal(options.Processes, sandbox.Pids.Count);
        Assert.Contains(sandbox.InitPid, sandbox.Pids);
        Assert.InRange(VmRssBytes(sandbox.InitPid), options.RssBytes, long.MaxValue);
        // Exactly: the workload closes whatever its launcher leaked, so the count is stdin/out/err + extras.
        Assert.Equal(3 + options.ExtraOpenFiles, Directory.GetFileSystemEntries($"/proc/{sandbox.InitPid}/fd").Length);
        Assert.Equal(new[] { options.ShmBytes }, SharedMemorySegmentSizes(sandbox));
        Assert.Equal(sandbox.Name, Nsenter(sandbox, "--uts", "hostname").Trim());
        Assert.NotEqual(NamespaceInode("/proc/self", "pid"), sandbox.PidNamespaceInode);
        Assert.NotEqual(NamespaceInode("/proc/self", "net"), sandbox.NetNamespaceInode);
        Assert.NotEqual(NamespaceInode("/proc/self", "ipc"), sandbox.IpcNamespaceInode);
        Assert.Equal(NamespaceInode($"/proc/{sandbox.InitPid}", "net"), sandbox.NetNamespaceInode);
    }

    [Fact]
    public void The_workload_grows_releases_memory_and_probes_forks_on_command()
    {
        using Sandbox sandbox = Sandbox.Start(new SandboxOptions { Processes = 2, ExtraOpenFiles = 0, RssBytes = 4L << 20, ShmBytes = 0, Network = false });
        long before = VmRssBytes(sandbox.InitPid);

        sandbox.GrowMemory(32L << 20);
        Assert.InRange(VmRssBytes(sandbox.InitPid) - before, 32L << 20, 34L << 20);
        sandbox.ReleaseMemory();
        Assert.InRange(VmRssBytes(sandbox.InitPid), 0, before + (1L << 20));

        // A pids.max set by hand caps the probe: 2 processes + 1 fork fill a limit of 3.
        string pidsMax = sandbox.CgroupFile("pids.max") ?? throw new Xunit.Sdk.XunitException("no pids controller");
        Assert.Equal(new ForkAttempt(4, 4, null), sandbox.TryFork(4));
        File.WriteAllText(pidsMax, "3");
        var capped = sandbox.TryFork(4);
        Assert.Equal((4, 1), (capped.Requested, capped.Forked));
        Assert.NotNull(capped.Failure);
        // The probe's children are killed and reaped: the footprint is as it was.
        Assert.Equal(2, sandbox.Pids.Count);
    }

    [Fact]
    public void Every_process_of_the_sandbox_is_in_its_cgroups_and_nothing_else_is()
    {
        using Sandbox sandbox = Sandbox.Start();

        Assert.Equal("/" + sandbox.Name, sandbox.CgroupPath);
        foreach (int pid in sandbox.Pids)
        {
            // Lines of /proc/PID/cgroup read "ID:CONTROLLERS:PATH", with empty CONTROLLERS for v2. Every
            // mounted hierarchy the harness uses must place the process at CgroupPath.
            foreach (string[] membership in File.ReadAllLines($"/proc/{pid}/cgroup").Select(l => l.Split(':', 3)))
            {
                bool v2 = membership[1].Length == 0;
                bool sandboxed = v2 || membership[1].Split(',').Intersect(SandboxedV1Controllers).Any();
                bool mounted = v2 ? File.Exists("/sys/fs/cgroup/cgroup.controllers") || Directory.Exists("/sys/fs/cgroup/unified")
                    : Directory.Exists("/sys/fs/cgroup/" + membership[1]);
                if (sandboxed && mounted) Assert.Equal(sandbox.CgroupPath, membership[2]);
            }
        }
        string[] cgroups = CgroupDirectories(sandbox.Name);
        Assert.NotEmpty(cgroups);
        foreach (string directory in cgroups)
        {
            Assert.Equal(sandbox.Pids, ReadPids(Path.Combine(directory, "cgroup.procs")).Order());
        }
    }

    [Fact]
    public void Udp_sent_from_the_host_arrives_on_the_jail_interface()
    {
        using Sandbox sandbox = Sandbox.Start();
        Assert.NotNull(sandbox.JailInterface);
        Assert.Matches("^jmh[0-9a-f]{6}$", sandbox.HostInterface);
        Assert.Equal(sandbox.HostAddress!.GetAddressBytes()[..3], sandbox.JailAddress!.GetAddressBytes()[..3]);

        long before = JailRxPackets(sandbox);
        sandbox.SendUdp(datagrams: 10, payloadBytes: 100);
        long received = WaitFor(() => JailRxPackets(sandbox) - before, atLeast: 10);

        // The harness keeps the kernel quiet on the pair, so this is exactly 10 here; a host daemon that
        // talks on every new interface (avahi's mDNS) may add a few, hence at least.
        Assert.True(received >= 10, $"the jail interface received {received} packets, expected at least 10");
    }

    /// <summary>Field 22 of /proc/PID/stat (start time in ticks), or null when the process is gone.</summary>
    private static string? StartTime(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[19];
        }
        catch (IOException)
        {
            return null;
        }
    }

    [Fact]
    public void Dispose_removes_processes_cgroups_and_interfaces_and_can_be_repeated()
    {
        Sandbox sandbox = Sandbox.Start();
        string[] cgroups = CgroupDirectories(sandbox.Name);
        string hostInterface = sandbox.HostInterface!;
        Assert.NotEmpty(cgroups);
        Assert.All(cgroups, directory => Assert.True(Directory.Exists(directory)));
        Assert.True(Directory.Exists($"/sys/class/net/{hostInterface}"));
        var processes = sandbox.Pids.Select(pid => (Pid: pid, Started: StartTime(pid))).ToList();
        Assert.NotEmpty(processes);

        sandbox.Dispose();
        sandbox.Dispose();

        // Each process is gone. Checked by pid and start time, not by namespace inode: the kernel
        // reuses a freed namespace's inode at once, and sandboxes of tests running in parallel get it.
        Assert.All(processes, p => Assert.NotEqual(p.Started, StartTime(p.Pid)));
        Assert.All(cgroups, directory => Assert.False(Directory.Exists(directory), directory));
        Assert.False(Directory.Exists($"/sys/class/net/{hostInterface}"));
    }

    [Fact]
    public void Minimal_sandbox_has_neither_network_nor_cgroup()
    {
        using Sandbox sandbox = Sandbox.Start(new SandboxOptions { Processes = 1, ExtraOpenFiles = 0, RssBytes = 0, ShmBytes = 0, Network = false, OwnCgroup = false });

        Assert.Equal(new[] { sandbox.InitPid }, sandbox.Pids);
        Assert.Equal("", sandbox.CgroupPath);
        Assert.Null(sandbox.HostInterface);
        Assert.Null(sandbox.JailAddress);
        Assert.Empty(SharedMemorySegmentSizes(sandbox));
        Assert.Throws<InvalidOperationException>(() => sandbox.SendUdp(1, 1));
    }

    [Fact]
    public void Failed_start_reports_the_workload_error_and_leaves_nothing_behind()
    {
        // A name of our own, to look for its cgroups afterwards; unique, as test projects run in parallel.
        string name = "jmtest-" + Guid.NewGuid().ToString("N")[..8];
        // No machine can give one process a petabyte, so the workload's malloc fails.
        var options = new SandboxOptions { Name = name, RssBytes = 1L << 50 };

        var failure = Assert.Throws<InvalidOperationException>(() => Sandbox.Start(options));

        Assert.Contains("malloc", failure.Message, StringComparison.Ordinal);
        Assert.Empty(CgroupDirectories(name));
        string impossibleSize = options.RssBytes.ToString(CultureInfo.InvariantCulture);
        Assert.DoesNotContain(Directory.GetDirectories("/proc"), d => ReadOrEmpty(d + "/cmdline").Contains(impossibleSize, StringComparison.Ordinal));
    }

    [Fact]
    public void Sandboxes_started_in_parallel_are_independent()
    {
        Sandbox[] sandboxes = new Sandbox[3];
        try
        {
            Parallel.For(0, sandboxes.Length, i => sandboxes[i] = Sandbox.Start());

            Assert.Equal(3, sandboxes.Select(s => s.Name).Distinct().Count());
            Assert.Equal(3, sandboxes.Select(s => s.PidNamespaceInode).Distinct().Count());
            Assert.Equal(3, sandboxes.Select(s => s.HostInterface).Distinct().Count());
            Assert.Equal(3, sandboxes.Select(s => s.JailAddress).Distinct().Count());
            Assert.All(sandboxes, s => Assert.Equal(s.Options.Processes, s.Pids.Count));
        }
        finally
        {
            foreach (Sandbox? sandbox in sandboxes) sandbox?.Dispose();
        }
    }

    private static long VmRssBytes(int pid)
    {
        string line = File.ReadLines($"/proc/{pid}/status").Single(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    // /proc/sysvipc/shm shows the IPC namespace of its reader, so it is read from inside the sandbox's.
    private static long[] SharedMemorySegmentSizes(Sandbox sandbox)
    {
        string[] lines = Nsenter(sandbox, "--ipc", "cat", "/proc/sysvipc/shm").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        int sizeColumn = Array.IndexOf(lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries), "size");
        return lines.Skip(1)
            .Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[sizeColumn], CultureInfo.InvariantCulture))
            .ToArray();
    }

    // /proc/PID/net/dev is the network namespace of PID: "iface: rx_bytes rx_packets ...".
    private static long JailRxPackets(Sandbox sandbox)
    {
        string line = File.ReadLines($"/proc/{sandbox.InitPid}/net/dev").Single(l => l.TrimStart().StartsWith(sandbox.JailInterface + ":", StringComparison.Ordinal));
        return long.Parse(line.Split(':')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    }

    // The top-level cgroup NAME of every hierarchy: /sys/fs/cgroup/NAME (pure v2) or /sys/fs/cgroup/HIERARCHY/NAME.
    private static string[] CgroupDirectories(string name) =>
        Directory.GetDirectories("/sys/fs/cgroup").Append("/sys/fs/cgroup")
            .Select(hierarchy => Path.Combine(hierarchy, name))
            .Where(Directory.Exists)
            .ToArray();

    private static string ReadOrEmpty(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return "";
        }
    }

    private static IEnumerable<int> ReadPids(string file) =>
        File.ReadAllLines(file).Where(l => l.Length > 0).Select(l => int.Parse(l, CultureInfo.InvariantCulture));

    // The link /proc/PID/ns/KIND reads "KIND:[INODE]".
    private static long? NamespaceInode(string procDirectory, string kind)
    {
        string? target = new FileInfo($"{procDirectory}/ns/{kind}").LinkTarget;
        return target is null ? null : long.Parse(target[(target.IndexOf('[') + 1)..^1], CultureInfo.InvariantCulture);
    }

    internal static string Nsenter(Sandbox sandbox, string namespaceOption, params string[] command)
    {
        var startInfo = new ProcessStartInfo(Prerequisites.RequireCommand("nsenter")) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in new[] { "--target", sandbox.InitPid.ToString(CultureInfo.InvariantCulture), namespaceOption }.Concat(command))
        {
            startInfo.ArgumentList.Add(argument);
        }
        using Process process = Process.Start(startInfo)!;
        string output = process.StandardOutput.ReadToEnd();
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"nsenter {string.Join(' ', command)} failed: {error}");
        return output;
    }

    private static long WaitFor(Func<long> measure, long atLeast)
    {
        var clock = Stopwatch.StartNew();
        long value = measure();
        while (value < atLeast && clock.Elapsed < TimeSpan.FromSeconds(5))
        {
            Thread.Sleep(20);
            value = measure();
        }
        return value;
    }
}
