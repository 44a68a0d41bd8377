using System.Diagnostics;
using JailMetrics.Linux.Enforcement;
using JailMetrics.Rules;
using JailMetrics.Testing;
using JailMetrics.Testing.Sandboxing;

namespace JailMetrics.Linux.Tests.Enforcement;

/// <summary>
/// The enforcer on the real kernel: a maxproc rule becomes the sandbox's pids.max and stops forks;
/// removal gives "max" back; a limit set by hand on another cgroup is never touched. Needs root and
/// nsenter: a missing prerequisite fails (never skips).
/// </summary>
[Collection("live sandboxes")]
public sealed class LiveCgroupEnforcementTests
{
    private const string SysRoot = "/sys";

    [Fact]
    public void A_maxproc_rule_limits_forks_in_the_sandbox_and_removal_lifts_it()
    {
        Prerequisites.RequireRoot();
        string nsenter = Prerequisites.RequireCommand("nsenter");
        using var sandbox = Sandbox.Start(new SandboxOptions { Processes = 2, Network = false });
        using var state = new TempDirectory();
        using var foreign = ForeignCgroup.Create(pidsMax: "50");
        var enforcer = new LinuxCgroupEnforcer(SysRoot, new LinuxEnforcementLedger(state.Path), dryRun: false);

        string pidsDir = PidsDirectory(sandbox.CgroupPath);
        int current = ReadLines(Path.Combine(pidsDir, "cgroup.procs")).Length;
        Assert.Equal(sandbox.Pids.Count, current);
        var rule = RctlRule.Parse($"jail:{sandbox.Name}:maxproc:deny={current + 1}");

        var applied = enforcer.Apply(sandbox.Name, sandbox.CgroupPath, rule);
        Assert.True(applied.Outcome == CgroupOutcome.Applied, applied.Message);
        Assert.Equal((current + 1).ToString(), File.ReadAllText(Path.Combine(pidsDir, "pids.max")).Trim());

        // The shell joins the sandbox's cgroup (filling it to the limit), so every fork it tries is refused.
        var blocked = ForkThreeInSandbox(nsenter, sandbox.InitPid, pidsDir);
        Assert.True(blocked.ExitCode != 0, $"forks beyond pids.max should fail; exit {blocked.ExitCode}, stderr: {blocked.Stderr}");
        Assert.Contains("fork", blocked.Stderr, StringComparison.OrdinalIgnoreCase);
        Assert.True(ReadLines(Path.Combine(pidsDir, "cgroup.procs")).Length <= current + 1);

        // Everything the enforcer does leaves the hand-made limit on the other cgroup alone.
        Assert.Equal(CgroupOutcome.ForeignLimit, enforcer.Apply("other", foreign.CgroupPath, RctlRule.Parse("jail:other:maxproc:deny=10")).Outcome);
        Assert.Equal(CgroupOutcome.NotOwned, enforcer.Remove("other", foreign.CgroupPath, RctlRule.Parse("jail:other:maxproc:deny=50")).Outcome);
        var reconciled = enforcer.Reconcile();
        Assert.Empty(reconciled.Vanished);
        Assert.Empty(reconciled.ChangedByHand);
        Assert.Single(enforcer.Ledger.Entries);

        var removed = enforcer.Remove(sandbox.Name, sandbox.CgroupPath, rule);
        Assert.True(removed.Outcome == CgroupOutcome.Removed, removed.Message);
        Assert.Equal("max", File.ReadAllText(Path.Combine(pidsDir, "pids.max")).Trim());
        var free = ForkThreeInSandbox(nsenter, sandbox.InitPid, pidsDir);
        Assert.True(free.ExitCode == 0, $"forks should work once the limit is removed; exit {free.ExitCode}, stderr: {free.Stderr}");

        enforcer.Reconcile();
        Assert.Empty(enforcer.Ledger.Entries);
        Assert.Equal("50", File.ReadAllText(Path.Combine(foreign.Directory, "pids.max")).Trim());
    }

    private static string PidsDirectory(string cgroupPath)
    {
        var pids = new CgroupHierarchies(SysRoot).Find("pids") ?? throw new Xunit.Sdk.XunitException("no pids controller is mounted");
        return CgroupHierarchies.Directory(pids.Root, cgroupPath);
    }

    private static string[] ReadLines(string path) => File.ReadAllLines(path).Where(l => l.Length > 0).ToArray();

    // nsenter -p only: the shell runs in the sandbox's PID namespace but keeps the host's /sys, so it can
    // move itself ("0" = the writer) into the sandbox's cgroup before forking.
    private static (int ExitCode, string Stderr) ForkThreeInSandbox(string nsenter, int initPid, string pidsDir)
    {
        string script = $"echo 0 > '{Path.Combine(pidsDir, "cgroup.procs")}' && for i in 1 2 3; do sleep 0.2 & done; wait";
        var start = new ProcessStartInfo(nsenter) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string arg in new[] { "-t", initPid.ToString(), "-p", "--", "sh", "-c", script }) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        string stderr = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(30_000))
        {
            process.Kill(entireProcessTree: true);
            throw new Xunit.Sdk.XunitException("the fork test did not finish in 30 s");
        }
        return (process.ExitCode, stderr);
    }

    /// <summary>A cgroup made by the test with a pids.max set by hand, as an administrator would; removed on dispose.</summary>
    private sealed class ForeignCgroup : IDisposable
    {
        private readonly ClaimedCgroupName _name;

        private ForeignCgroup(ClaimedCgroupName name, string directory)
        {
            _name = name;
            CgroupPath = "/" + name.Name;
            Directory = directory;
        }

        public string CgroupPath { get; }

        public string Directory { get; }

        public static ForeignCgroup Create(string pidsMax)
        {
            // A claimed jmtest-* name: another test project's leftover sweep leaves it alone while
            // this process runs, and a crashed run's cgroup is swept.
            var name = ClaimedCgroupName.Claim("foreign");
            string dir = PidsDirectory("/" + name.Name);
            System.IO.Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, "pids.max"), pidsMax);
            return new ForeignCgroup(name, dir);
        }

        public void Dispose()
        {
            System.IO.Directory.Delete(Directory); // rmdir: a cgroup's files are not real files
            _name.Dispose();
        }
    }

    private sealed class TempDirectory : IDisposable
    {
        public TempDirectory() => System.IO.Directory.CreateDirectory(Path);

        public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "jm-enf-state-" + Guid.NewGuid().ToString("N")[..8]);

        public void Dispose() => System.IO.Directory.Delete(Path, recursive: true);
    }
}

/// <summary>Memory and CPU limits on a real sandbox cgroup: the kernel's rounding is not mistaken for a hand edit, and removal restores exactly.</summary>
[Collection("live sandboxes")]
public sealed class LiveCgroupRoundTripTests
{
    [Fact]
    public void Memory_and_cpu_limits_round_trip_exactly_on_the_kernel()
    {
        Prerequisites.RequireRoot();
        using var sandbox = Sandbox.Start(new SandboxOptions { Processes = 1, Network = false });
        string state = Path.Combine(Path.GetTempPath(), "jm-enf-state-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var hierarchies = new CgroupHierarchies("/sys");
            var enforcer = new LinuxCgroupEnforcer("/sys", new LinuxEnforcementLedger(state), dryRun: false);
            // 1 GB + 1 byte is no whole number of pages: the kernel rounds it down when storing it.
            var memory = RctlRule.Parse($"jail:{sandbox.Name}:memoryuse:deny=1000000001");
            var cpu = RctlRule.Parse($"jail:{sandbox.Name}:pcpu:deny=50");
            var (memoryFile, cpuFile) = Files(hierarchies, sandbox.CgroupPath);
            string memoryBefore = File.ReadAllText(memoryFile).Trim();
            string cpuBefore = File.ReadAllText(cpuFile).Trim();

            foreach (var rule in new[] { memory, cpu })
            {
                var applied = enforcer.Apply(sandbox.Name, sandbox.CgroupPath, rule);
                Assert.True(applied.Outcome == CgroupOutcome.Applied, applied.Message);
            }
            long memoryLimit = long.Parse(File.ReadAllText(memoryFile).Trim());
            Assert.InRange(memoryLimit, 1000000001 - Environment.SystemPageSize, 1000000001);
            string expectedCpu = cpuFile.EndsWith("cpu.max", StringComparison.Ordinal)
                ? "50000 100000"
                : (long.Parse(File.ReadAllText(Path.Combine(Path.GetDirectoryName(cpuFile)!, "cpu.cfs_period_us"))) / 2).ToString();
            Assert.Equal(expectedCpu, File.ReadAllText(cpuFile).Trim());
            // The kernel kept less than was written; the ledger holds what it shows, so this is not a hand edit.
            Assert.Contains(enforcer.Ledger.Entries, e => e.Installed == memoryLimit.ToString());

            var reconciled = enforcer.Reconcile();
            Assert.Empty(reconciled.ChangedByHand);
            Assert.Equal(2, enforcer.Ledger.Entries.Count);

            foreach (var rule in new[] { memory, cpu })
            {
                var removed = enforcer.Remove(sandbox.Name, sandbox.CgroupPath, rule);
                Assert.True(removed.Outcome == CgroupOutcome.Removed, removed.Message);
            }
            Assert.Equal(memoryBefore, File.ReadAllText(memoryFile).Trim());
            Assert.Equal(cpuBefore, File.ReadAllText(cpuFile).Trim());
        }
        finally
        {
            if (Directory.Exists(state)) Directory.Delete(state, recursive: true);
        }
    }

    private static (string Memory, string Cpu) Files(CgroupHierarchies hierarchies, string cgroupPath)
    {
        var memory = hierarchies.Find("memory") ?? throw new Xunit.Sdk.XunitException("no memory controller is mounted");
        var cpu = hierarchies.Find("cpu") ?? throw new Xunit.Sdk.XunitException("no cpu controller is mounted");
        return (Path.Combine(CgroupHierarchies.Directory(memory.Root, cgroupPath), memory.V2 ? "memory.max" : "memory.limit_in_bytes"),
                Path.Combine(CgroupHierarchies.Directory(cpu.Root, cgroupPath), cpu.V2 ? "cpu.max" : "cpu.cfs_quota_us"));
    }
}
