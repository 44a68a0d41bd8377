using JailMetrics.Alerts;
using JailMetrics.Linux.Enforcement;
using JailMetrics.Model;
using JailMetrics.Rules;

namespace JailMetrics.Linux.Tests.Enforcement;

/// <summary>The enforcer against fake v1 and v2 cgroup trees: mappings, ownership, restore, ledger, reconcile.</summary>
public sealed class CgroupEnforcerTests
{
    private static LinuxCgroupEnforcer Enforcer(FakeCgroupTree tree, bool dryRun = false, string? ioDevice = null) =>
        new(tree.SysRoot, new LinuxEnforcementLedger(tree.StateDirectory), dryRun, ioDevice: ioDevice);

    private static RctlRule Rule(string text) => RctlRule.Parse(text);

    [Theory]
    [InlineData("jail:j:memoryuse:deny=1048576", "jail1/memory.max", "1048576")]
    [InlineData("jail:j:maxproc:deny=5", "jail1/pids.max", "5")]
    [InlineData("jail:j:pcpu:deny=50", "jail1/cpu.max", "50000 100000")]
    [InlineData("jail:j:pcpu:deny=250", "jail1/cpu.max", "250000 100000")]
    public void V2_mappings_write_the_v2_knob_and_restore_it(string rule, string file, string expected)
    {
        using var tree = FakeCgroupTree.V2();
        string before = tree.Read(file);
        var enforcer = Enforcer(tree);

        var applied = enforcer.Apply("j", FakeCgroupTree.Jail, Rule(rule));
        Assert.Equal(CgroupOutcome.Applied, applied.Outcome);
        Assert.Equal(expected, tree.Read(file));

        Assert.Equal(CgroupOutcome.Removed, enforcer.Remove("j", FakeCgroupTree.Jail, Rule(rule)).Outcome);
        Assert.Equal(before, tree.Read(file));
        Assert.Empty(enforcer.Ledger.Entries);
    }

    [Theory]
    [InlineData("jail:j:memoryuse:deny=1048576", "memory/jail1/memory.limit_in_bytes", "1048576")]
    [InlineData("jail:j:maxproc:deny=5", "pids/jail1/pids.max", "5")]
    [InlineData("jail:j:pcpu:deny=50", "cpu,cpuacct/jail1/cpu.cfs_quota_us", "50000")]
    public void V1_mappings_write_the_v1_knob_and_restore_it(string rule, string file, string expected)
    {
        using var tree = FakeCgroupTree.V1();
        string before = tree.Read(file);
        var enforcer = Enforcer(tree);

        Assert.Equal(CgroupOutcome.Applied, enforcer.Apply("j", FakeCgroupTree.Jail, Rule(rule)).Outcome);
        Assert.Equal(expected, tree.Read(file));

        Assert.Equal(CgroupOutcome.Removed, enforcer.Remove("j", FakeCgroupTree.Jail, Rule(rule)).Outcome);
        Assert.Equal(before, tree.Read(file));
    }

    [Fact]
    public void V1_cpu_quota_is_relative_to_the_cgroups_own_period()
    {
        using var tree = FakeCgroupTree.V1();
        tree.Write("cpu,cpuacct/jail1/cpu.cfs_period_us", "50000");
        Enforcer(tree).Apply("j", FakeCgroupTree.Jail, Rule("jail:j:pcpu:deny=150"));
        Assert.Equal("75000", tree.Read("cpu,cpuacct/jail1/cpu.cfs_quota_us"));
    }

    [Theory]
    [InlineData("jail:j:readbps:throttle=1000000", "8:0 rbps=1000000")]
    [InlineData("jail:j:writebps:throttle=2000", "8:0 wbps=2000")]
    [InlineData("jail:j:readiops:throttle=300", "8:0 riops=300")]
    [InlineData("jail:j:writeiops:throttle=400", "8:0 wiops=400")]
    public void Bandwidth_goes_to_io_max_for_the_configured_device_and_restores_max(string rule, string written)
    {
        using var tree = FakeCgroupTree.V2();
        var enforcer = Enforcer(tree, ioDevice: "8:0");
        Assert.Equal(CgroupOutcome.Applied, enforcer.Apply("j", FakeCgroupTree.Jail, Rule(rule)).Outcome);
        Assert.Equal(written, tree.Read("jail1/io.max"));

        // The kernel shows the whole line (and other devices); the enforcer reads only its own key.
        string key = written.Split(' ')[1];
        string line = string.Join(' ', new[] { "rbps", "wbps", "riops", "wiops" }.Select(k => key.StartsWith(k + "=") ? key : k + "=max"));
        tree.Write("jail1/io.max", "259:0 rbps=5 wbps=5 riops=5 wiops=5\n8:0 " + line);
        Assert.Equal(CgroupOutcome.Removed, enforcer.Remove("j", FakeCgroupTree.Jail, Rule(rule)).Outcome);
        Assert.Equal(written.Split('=')[0] + "=max", tree.Read("jail1/io.max")); // what a fake file keeps of the last write
    }

    [Theory]
    [InlineData("jail:j:openfiles:deny=100", "no cgroup equivalent")]
    [InlineData("jail:j:memoryuse:log=100", "no cgroup equivalent")]
    [InlineData("jail:j:maxproc:deny=10/process", "per=jail")]
    [InlineData("jail:j:readbps:throttle=1000", "no device is configured")]
    [InlineData("jail:j:pcpu:deny=0", "1 ms quota")]
    [InlineData("user:1000:maxproc:deny=10", "only jail rules")]
    public void Rules_without_a_cgroup_equivalent_are_refused_with_a_reason(string rule, string reason)
    {
        using var tree = FakeCgroupTree.V2();
        var enforcer = Enforcer(tree);
        var result = enforcer.Apply("j", FakeCgroupTree.Jail, Rule(rule));
        Assert.Equal(CgroupOutcome.Unsupported, result.Outcome);
        Assert.Contains(reason, result.Message);
        Assert.Empty(enforcer.Ledger.Entries);
    }

    [Fact]
    public void Bandwidth_on_a_v1_host_is_refused_with_a_reason()
    {
        using var tree = FakeCgroupTree.V1();
        var result = Enforcer(tree, ioDevice: "8:0").Apply("j", FakeCgroupTree.Jail, Rule("jail:j:readbps:throttle=1000"));
        Assert.Equal(CgroupOutcome.Unsupported, result.Outcome);
        Assert.Contains("cgroup v2 io.max", result.Message);
    }

    [Fact]
    public void A_limit_someone_else_set_is_refused_naming_the_file_and_value()
    {
        using var tree = FakeCgroupTree.V2();
        tree.Write("jail1/pids.max", "50");
        var enforcer = Enforcer(tree);

        var result = enforcer.Apply("j", FakeCgroupTree.Jail, Rule("jail:j:maxproc:deny=5"));
        Assert.Equal(CgroupOutcome.ForeignLimit, result.Outcome);
        Assert.Contains(tree.PathOf("jail1/pids.max"), result.Message);
        Assert.Contains("'50'", result.Message);
        Assert.Equal("50", tree.Read("jail1/pids.max"));

        Assert.Equal(CgroupOutcome.NotOwned, enforcer.Remove("j", FakeCgroupTree.Jail, Rule("jail:j:maxproc:deny=50")).Outcome);
        Assert.Equal("50", tree.Read("jail1/pids.max"));
        Assert.Empty(enforcer.Ledger.Entries);
    }

    [Fact]
    public void A_foreign_io_limit_on_the_same_device_and_key_is_refused()
    {
        using var tree = FakeCgroupTree.V2();
        tree.Write("jail1/io.max", "8:0 rbps=500 wbps=max riops=max wiops=max");
        var enforcer = Enforcer(tree, ioDevice: "8:0");
        var result = enforcer.Apply("j", FakeCgroupTree.Jail, Rule("jail:j:readbps:throttle=1000"));
        Assert.Equal(CgroupOutcome.ForeignLimit, result.Outcome);
        Assert.Contains("[8:0 rbps]", result.Message);
        Assert.Contains("'500'", result.Message);
        // Another key of the same device is still free.
        Assert.Equal(CgroupOutcome.Applied, enforcer.Apply("j", FakeCgroupTree.Jail, Rule("jail:j:writebps:throttle=1000")).Outcome);
    }

    [Fact]
    public void Removing_what_was_never_applied_is_refused()
    {
        using var tree = FakeCgroupTree.V2();
        var result = Enforcer(tree).Remove("j", FakeCgroupTree.Jail, Rule("jail:j:maxproc:deny=5"));
        Assert.Equal(CgroupOutcome.NotOwned, result.Outcome);
        Assert.Equal("max", tree.Read("jail1/pids.max"));
    }

    [Fact]
    public void Removal_restores_the_exact_previous_value_not_a_default()
    {
        using var tree = FakeCgroupTree.V2();
        tree.Write("jail1/cpu.max", "max 50000"); // unlimited, but with a non-default period
        var enforcer = Enforcer(tree);
        enforcer.Apply("j", FakeCgroupTree.Jail, Rule("jail:j:pcpu:deny=20"));
        Assert.Equal("20000 100000", tree.Read("jail1/cpu.max"));
        enforcer.Remove("j", FakeCgroupTree.Jail, Rule("jail:j:pcpu:deny=20"));
        Assert.Equal("max 50000", tree.Read("jail1/cpu.max"));
    }

    [Fact]
    public void Its_own_limit_can_be_changed_and_removal_still_restores_the_original()
    {
        using var tree = FakeCgroupTree.V2();
        var enforcer = Enforcer(tree);
        Assert.Equal(CgroupOutcome.Applied, enforcer.Apply("j", FakeCgroupTree.Jail, Rule("jail:j:maxproc:deny=5")).Outcome);
        Assert.Equal(CgroupOutcome.AlreadyInPlace, enforcer.Apply("j", FakeCgroupTree.Jail, Rule("jail:j:maxproc:deny=5")).Outcome);
        Assert.Equal(CgroupOutcome.Changed, enforcer.Apply("j", FakeCgroupTree.Jail, Rule("jail:j:maxproc:deny=7")).Outcome);
        Assert.Equal("7", tree.Read("jail1/pids.max"));

        Assert.Equal(CgroupOutcome.NotOwned, enforcer.Remove("j", FakeCgroupTree.Jail, Rule("jail:j:maxproc:deny=5")).Outcome);
        Assert.Equal(CgroupOutcome.Removed, enforcer.Remove("j", FakeCgroupTree.Jail, Rule("jail:j:maxproc:deny=7")).Outcome);
        Assert.Equal("max", tree.Read("jail1/pids.max"));
    }

    [Fact]
    public void A_value_changed_by_hand_after_us_is_left_and_forgotten()
    {
        using var tree = FakeCgroupTree.V2();
        var enforcer = Enforcer(tree);
        enforcer.Apply("j", FakeCgroupTree.Jail, Rule("jail:j:maxproc:deny=5"));
        tree.Write("jail1/pids.max", "99");

        var result = enforcer.Remove("j", FakeCgroupTree.Jail, Rule("jail:j:maxproc:deny=5"));
        Assert.Equal(CgroupOutcome.ForeignLimit, result.Outcome);
        Assert.Contains("changed by hand", result.Message);
        Assert.Equal("99", tree.Read("jail1/pids.max"));
        Assert.Empty(enforcer.Ledger.Entries);
    }

    [Fact]
    public void The_ledger_survives_a_restart_so_a_new_instance_restores()
    {
        using var tree = FakeCgroupTree.V1();
        Enforcer(tree).Apply("j", FakeCgroupTree.Jail, Rule("jail:j:memoryuse:deny=1048576"));
        Assert.True(File.Exists(Path.Combine(tree.StateDirectory, LinuxEnforcementLedger.FileName)));

        var restarted = Enforcer(tree);
        var entry = Assert.Single(restarted.Ledger.Entries);
        Assert.Equal("9223372036854771712", entry.Previous);
        Assert.Equal(CgroupOutcome.Removed, restarted.Remove("j", FakeCgroupTree.Jail, Rule("jail:j:memoryuse:deny=1048576")).Outcome);
        Assert.Equal("9223372036854771712", tree.Read("memory/jail1/memory.limit_in_bytes"));
    }

    [Theory]
    [InlineData("{ not json")]
    [InlineData("{\"version\": 9, \"entries\": []}")]
    [InlineData("{\"version\": 1, \"entries\": [{\"jail\": \"j\"}]}")]
    public void A_corrupt_ledger_is_set_aside_and_nothing_is_owned(string content)
    {
        using var tree = FakeCgroupTree.V2();
        string path = Path.Combine(tree.StateDirectory, LinuxEnforcementLedger.FileName);
        File.WriteAllText(path, content);

        var ledger = new LinuxEnforcementLedger(tree.StateDirectory);
        Assert.Empty(ledger.Entries);
        Assert.False(File.Exists(path));
        Assert.Equal(content, File.ReadAllText(path + ".corrupt"));
    }

    [Fact]
    public void Reconcile_drops_vanished_cgroups_and_hand_edits_and_keeps_intact_limits()
    {
        using var tree = FakeCgroupTree.V2();
        tree.Write("jail2/pids.max", "max");
        tree.Write("jail3/pids.max", "max");
        var enforcer = Enforcer(tree);
        enforcer.Apply("j1", "/jail1", Rule("jail:j1:maxproc:deny=5"));
        enforcer.Apply("j2", "/jail2", Rule("jail:j2:maxproc:deny=6"));
        enforcer.Apply("j3", "/jail3", Rule("jail:j3:maxproc:deny=7"));
        Directory.Delete(tree.PathOf("jail2"), recursive: true);
        tree.Write("jail3/pids.max", "40");

        var restarted = Enforcer(tree);
        var result = restarted.Reconcile();
        Assert.Equal("/jail2", Assert.Single(result.Vanished).CgroupPath);
        Assert.Equal("/jail3", Assert.Single(result.ChangedByHand).CgroupPath);
        Assert.Equal("/jail1", Assert.Single(restarted.Ledger.Entries).CgroupPath);
        Assert.Equal("40", tree.Read("jail3/pids.max"));
        Assert.Equal("5", tree.Read("jail1/pids.max"));
    }

    [Fact]
    public void Dry_run_writes_nothing_and_says_what_it_would_do()
    {
        using var tree = FakeCgroupTree.V2();
        var enforcer = Enforcer(tree, dryRun: true);
        var result = enforcer.Apply("j", FakeCgroupTree.Jail, Rule("jail:j:memoryuse:deny=1048576"));
        Assert.Equal(CgroupOutcome.DryRun, result.Outcome);
        Assert.Contains("would write '1048576'", result.Message);
        Assert.Equal("max", tree.Read("jail1/memory.max"));
        Assert.Empty(enforcer.Ledger.Entries);
        Assert.False(File.Exists(Path.Combine(tree.StateDirectory, LinuxEnforcementLedger.FileName)));
    }

    [Theory]
    [InlineData("/../../../tmp")]
    [InlineData("/")]
    public void Paths_outside_a_jail_cgroup_are_refused(string cgroupPath)
    {
        using var tree = FakeCgroupTree.V2();
        var result = Enforcer(tree).Apply("j", cgroupPath, Rule("jail:j:maxproc:deny=5"));
        Assert.False(result.Succeeded);
        Assert.Equal("max", tree.Read("jail1/pids.max"));
    }

    [Fact]
    public void The_sink_applies_on_firing_and_removes_on_resolve()
    {
        using var tree = FakeCgroupTree.V2();
        var enforcer = Enforcer(tree);
        var sink = new CgroupEnforcementSink(enforcer, jail => jail == "j" ? FakeCgroupTree.Jail : null);
        var rule = new AlertRule { Name = "r", Jails = JailGlob.Parse("*"), Resource = Resource.MaxProc, Threshold = new AbsoluteThreshold(3) };
        var enforcement = Rule("jail:j:maxproc:deny=5");
        AlertTransition Move(AlertState from, AlertState to, string jail = "j") =>
            new(rule, jail, from, to, 4, 3, DateTimeOffset.UnixEpoch, "test", enforcement);

        Assert.Equal(EnforcementOutcome.Failed, sink.Enforce(Move(AlertState.Pending, AlertState.Firing, jail: "unknown")));
        Assert.Equal("max", tree.Read("jail1/pids.max"));
        Assert.Equal(EnforcementOutcome.Done, sink.Enforce(Move(AlertState.Pending, AlertState.Firing)));
        Assert.Equal("5", tree.Read("jail1/pids.max"));
        Assert.Equal(EnforcementOutcome.Done, sink.Enforce(Move(AlertState.Firing, AlertState.Resolved)));
        Assert.Equal("max", tree.Read("jail1/pids.max"));
        tree.Write("jail1/pids.max", "7"); // someone else's limit now
        Assert.Equal(EnforcementOutcome.Refused, sink.Enforce(Move(AlertState.Pending, AlertState.Firing)));
        Assert.Equal("7", tree.Read("jail1/pids.max"));
    }
}
