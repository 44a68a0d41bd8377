using System.Diagnostics;
using JailMetrics.Model;
using JailMetrics.Testing;
using static JailMetrics.Linux.Tests.LiveSampling;

namespace JailMetrics.Linux.Tests;

/// <summary>
/// The source's kept handles and slow cadence (issue 8) against real sandboxes: values read through
/// kept fds follow the workload, a jail that goes leaves no fd behind, slow facts change within the
/// slow interval, and a new jail is complete on its first sample.
/// </summary>
[Collection("live sandboxes")]
public sealed class CadenceLiveTests
{
    private static SandboxOptions With(int processes, bool network) => new() { Processes = processes, Network = network, RssBytes = 16L << 20 };

    [Fact]
    public void Memory_and_cpu_read_through_kept_handles_follow_the_workload()
    {
        Prerequisites.RequireRoot();
        using var source = new LinuxJailSource(new LinuxSourceOptions()) { FullSampleEvery = 1000 };
        using var sandbox = Sandbox.Start(With(2, network: false));
        double rss0 = Find(Sample(source), sandbox.Name).Usage[Resource.MemoryUse]!.Value;
        Assert.True(source.KeptFileCount > 0, "nothing kept open");

        sandbox.GrowMemory(32L << 20);
        long before = LiveProc.SumRssBytes(sandbox.Pids);
        var jail = Find(Sample(source), sandbox.Name); // not a full sample: stat/status/cgroup files through kept fds
        long after = LiveProc.SumRssBytes(sandbox.Pids);
        double cgroupCpu = LiveProc.CgroupCpuSeconds(sandbox.CgroupPath);

        double rss = jail.Usage[Resource.MemoryUse]!.Value;
        Assert.True(rss - rss0 >= 30 << 20, $"memoryuse {rss0} → {rss} after 32 MiB more");
        Assert.InRange(rss, Math.Min(before, after) - (1 << 20), Math.Max(before, after) + (1 << 20));
        Assert.InRange(jail.Usage[Resource.CpuTime]!.Value, 1e-6, cgroupCpu);
        Assert.Equal(sandbox.Pids.Count, jail.Usage[Resource.MaxProc]);
    }

    [Fact]
    public void A_jail_that_goes_is_absent_and_leaves_no_kept_fd_behind()
    {
        Prerequisites.RequireRoot();
        using var source = new LinuxJailSource(new LinuxSourceOptions()) { FullSampleEvery = 6 };
        Sample(source);
        var gone = new List<(string Name, IReadOnlyList<int> Pids, string Cgroup)>();
        for (int round = 0; round < 8; round++)
        {
            var sandbox = Sandbox.Start(With(2, network: round % 2 == 0));
            string name = sandbox.Name, cgroup = sandbox.CgroupPath;
            IReadOnlyList<int> pids;
            try
            {
                Assert.NotNull(Find(Sample(source), name).Usage[Resource.CpuTime]);
                pids = sandbox.Pids;
                Assert.Contains(OwnFdTargets(), t => pids.Any(p => t == $"/proc/{p}/stat"));
            }
            finally
            {
                sandbox.Dispose();
            }
            gone.Add((name, pids, cgroup));

            var after = Sample(source);
            Assert.Null(after.Find(name));
            var targets = OwnFdTargets();
            foreach (var (goneName, gonePids, goneCgroup) in gone)
            {
                Assert.DoesNotContain(targets, t => t.Contains(goneCgroup + "/", StringComparison.Ordinal));
                Assert.DoesNotContain(targets, t => gonePids.Any(p => t.StartsWith($"/proc/{p}/", StringComparison.Ordinal)));
            }
            // Two fds per process (stat, status) and a few cgroup files per jail at most.
            int processes = (int)after.Jails[0].Usage[Resource.MaxProc]!.Value;
            Assert.InRange(source.KeptFileCount, 1, 2 * processes + 8 * after.Jails.Length);
        }
    }

    [Fact]
    public void Slow_facts_change_within_the_slow_interval_and_a_new_jail_is_complete_at_once()
    {
        Prerequisites.RequireRoot();
        string nsenter = Prerequisites.RequireCommand("nsenter");
        string ip = Prerequisites.RequireCommand("ip");
        using var source = new LinuxJailSource(new LinuxSourceOptions()) { FullSampleEvery = 3 };
        using var first = Sandbox.Start(With(1, network: true));
        string extra = "10.251.7.9";

        Assert.DoesNotContain(extra, Find(Sample(source), first.Name).Info.IPv4Addresses); // sample 0: full
        Run(nsenter, "-t", first.InitPid.ToString(), "-n", ip, "addr", "add", extra + "/32", "dev", "lo");

        using var second = Sandbox.Start(With(1, network: true));
        var s1 = Sample(source); // not full: the first jail's addresses are carried; the second is new, so read fully
        Assert.DoesNotContain(extra, Find(s1, first.Name).Info.IPv4Addresses);
        var fresh = Find(s1, second.Name);
        Assert.Contains(second.JailAddress!.ToString(), fresh.Info.IPv4Addresses);
        Assert.Equal(second.Name, fresh.Info.Hostname);
        Assert.NotNull(fresh.Filesystem);
        Assert.Equal(first.Name, Find(s1, first.Name).Info.Hostname);
        Assert.NotNull(Find(s1, first.Name).Filesystem); // carried, not dropped

        Assert.DoesNotContain(extra, Find(Sample(source), first.Name).Info.IPv4Addresses); // sample 2: carried
        var s3 = Sample(source); // sample 3: full
        Assert.Contains(extra, Find(s3, first.Name).Info.IPv4Addresses);
        Assert.Contains(second.JailAddress!.ToString(), Find(s3, second.Name).Info.IPv4Addresses);
    }

    /// <summary>
    /// A pid reused by a process of another PID namespace between two samples that are not full: the
    /// kept stat fd of the old process fails, and the new one is read afresh (its own namespace, a new
    /// jail), never taken for the old. Pids are forced inside a private PID namespace A, whose procfs
    /// (unshare --mount-proc) the source reads as its ProcRoot: A's sleep (pid 2) is killed, A's
    /// ns_last_pid set to 1, and a waiting subshell (pid 3) runs unshare --pid --fork, whose child gets
    /// pid 2 in A and is pid 1 of a new namespace B.
    /// </summary>
    [Fact]
    public void A_pid_reused_by_a_process_of_another_namespace_is_not_taken_for_the_old_one()
    {
        Prerequisites.RequireRoot();
        string unshare = Prerequisites.RequireCommand("unshare");
        string dir = Directory.CreateTempSubdirectory("jm-cadence-reuse-").FullName;
        string go = Path.Combine(dir, "go"), proceed = Path.Combine(dir, "proceed");
        Run(Prerequisites.RequireCommand("mkfifo"), go, proceed);
        string script =
            "sleep 300 & " +
            $"( read x < {go}; exec {unshare} --pid --fork sleep 300 ) & " +
            $"read y < {proceed}; kill 2; wait 2; echo 1 > /proc/sys/kernel/ns_last_pid; echo go > {go}; wait";
        using var outer = Process.Start(new ProcessStartInfo(unshare, ["--pid", "--fork", "--mount-proc", "/bin/sh", "-c", script]))!;
        try
        {
            int shell = WaitFor(() => Children(outer.Id).FirstOrDefault(), "the namespace's shell");
            string procRoot = $"/proc/{shell}/root/proc";
            WaitFor(() => File.Exists($"{procRoot}/2/stat") && File.Exists($"{procRoot}/3/stat") ? 1 : 0, "pids 2 and 3 in the namespace");
            using var source = new LinuxJailSource(new LinuxSourceOptions { ProcRoot = procRoot }) { FullSampleEvery = 1000 };

            var before = Sample(source);
            Assert.Single(before.Jails); // the namespace is the "host": sh, sleep, the subshell
            Assert.Equal(3, before.Jails[0].Usage[Resource.MaxProc]);
            long oldNs = LiveProc.PidNamespace(shell);

            File.WriteAllText(proceed, "go\n");
            WaitFor(() => File.Exists($"{procRoot}/2/stat") && LinkTarget($"{procRoot}/2/ns/pid") is { } t && !t.Contains(oldNs.ToString(), StringComparison.Ordinal) ? 1 : 0,
                "pid 2 reused in a new namespace");
            Sample(source);
            var after = Sample(source); // two samples, neither full: the reuse must be seen all the same

            var reborn = Assert.Single(after.Jails.Skip(1));
            Assert.Equal("2", reborn.Info.Parameters["pid"]);
            Assert.Equal(1, reborn.Usage[Resource.MaxProc]);
            Assert.Equal(JailState.Active, reborn.Info.State);
            Assert.Equal(3, after.Jails[0].Usage[Resource.MaxProc]); // sh, unshare, the new sleep (counted in its parent too)
        }
        finally
        {
            try { outer.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            outer.WaitForExit(10_000);
            Directory.Delete(dir, recursive: true);
        }
    }

    private static IEnumerable<int> Children(int pid) =>
        File.ReadAllText($"/proc/{pid}/task/{pid}/children").Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse);

    private static string? LinkTarget(string path)
    {
        try { return new FileInfo(path).LinkTarget; }
        catch (IOException) { return null; }
    }

    private static int WaitFor(Func<int> probe, string what)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            int value = probe();
            if (value != 0) return value;
            Thread.Sleep(50);
        }
        throw new Xunit.Sdk.XunitException($"timed out waiting for {what}");
    }

    /// <summary>Where this process's fds point (readlink of /proc/self/fd/*).</summary>
    private static List<string> OwnFdTargets()
    {
        var targets = new List<string>();
        foreach (var fd in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
        {
            try
            {
                if (new FileInfo(fd).LinkTarget is { } target) targets.Add(target);
            }
            catch (IOException) { } // closed meanwhile
        }
        return targets;
    }

    private static void Run(string file, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardError = true })!;
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', args)}: {stderr}");
    }
}
