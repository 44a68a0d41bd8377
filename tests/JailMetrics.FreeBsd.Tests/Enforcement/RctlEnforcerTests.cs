using JailMetrics.FreeBsd.Enforcement;
using JailMetrics.FreeBsd.Native;
using JailMetrics.FreeBsd.Tests.Text;
using JailMetrics.FreeBsd.Text;
using JailMetrics.Model;
using JailMetrics.Rules;
using JailMetrics.Testing.FreeBsd;

namespace JailMetrics.FreeBsd.Tests.Enforcement;

public sealed class RctlEnforcerTests : IDisposable
{
    private readonly string _state = Directory.CreateTempSubdirectory("jm-rctl-").FullName;
    private readonly FakeFreeBsdNative _kernel = new();

    public void Dispose() => Directory.Delete(_state, recursive: true);

    private static readonly RctlRule PgMemory = RctlRule.ForJail("pg1", Resource.MemoryUse, "deny", 2147483648);

    [Fact]
    public void Add_installs_the_exact_rule_text_and_records_it_in_the_ledger()
    {
        var enforcer = Enforcer();

        var result = enforcer.Add(PgMemory);

        Assert.Equal(RctlOutcome.Added, result.Outcome);
        Assert.True(result.Succeeded);
        Assert.Equal(["jail:pg1:memoryuse:deny=2147483648"], Calls("rctl_add_rule"));
        Assert.Equal(["jail:pg1:memoryuse:deny=2147483648"], _kernel.Rules);
        Assert.Equal([PgMemory], enforcer.Ledger.Rules);
        Assert.Contains("jail:pg1:memoryuse:deny=2147483648", File.ReadAllText(LedgerPath), StringComparison.Ordinal);
    }

    [Fact]
    public void Remove_uses_a_filter_that_names_amount_and_per_so_it_matches_only_this_rule()
    {
        var enforcer = Enforcer();
        enforcer.Add(PgMemory);

        var result = enforcer.Remove(PgMemory);

        Assert.Equal(RctlOutcome.Removed, result.Outcome);
        Assert.Equal(["jail:pg1:memoryuse:deny=2147483648/jail"], Calls("rctl_remove_rule"));
        Assert.Empty(_kernel.Rules);
        Assert.Empty(enforcer.Ledger.Rules);
    }

    [Fact]
    public void A_rule_added_by_hand_is_never_removed()
    {
        AddByHand("jail:pg1:maxproc:deny=100");
        var enforcer = Enforcer();
        enforcer.Add(PgMemory);

        var refused = enforcer.Remove(RctlRule.Parse("jail:pg1:maxproc:deny=100"));
        enforcer.Remove(PgMemory);
        enforcer.Reconcile();

        Assert.Equal(RctlOutcome.NotOwned, refused.Outcome);
        Assert.False(refused.Succeeded);
        Assert.Contains("can only remove rules it added", refused.Message, StringComparison.Ordinal);
        Assert.Equal(["jail:pg1:memoryuse:deny=2147483648/jail"], Calls("rctl_remove_rule"));
        Assert.Equal(["jail:pg1:maxproc:deny=100"], _kernel.Rules);
    }

    [Fact]
    public void An_identical_rule_added_by_hand_is_not_adopted()
    {
        AddByHand("jail:pg1:memoryuse:deny=2147483648");
        var enforcer = Enforcer();

        var result = enforcer.Add(PgMemory);
        var removal = enforcer.Remove(PgMemory);

        Assert.Equal(RctlOutcome.ForeignRule, result.Outcome);
        Assert.Empty(Calls("rctl_add_rule"));
        Assert.Empty(enforcer.Ledger.Rules);
        Assert.Equal(RctlOutcome.NotOwned, removal.Outcome);
        Assert.Equal(["jail:pg1:memoryuse:deny=2147483648"], _kernel.Rules);
    }

    [Fact]
    public void A_deny_rule_that_would_replace_a_hand_made_one_is_refused()
    {
        // rctl_rule_add removes deny rules that differ only in amount: adding ours would delete the admin's.
        AddByHand("jail:pg1:memoryuse:deny=1073741824");
        var enforcer = Enforcer();

        var result = enforcer.Add(PgMemory);

        Assert.Equal(RctlOutcome.ForeignRule, result.Outcome);
        Assert.Contains("would replace jail:pg1:memoryuse:deny=1073741824", result.Message, StringComparison.Ordinal);
        Assert.Empty(Calls("rctl_add_rule"));
        Assert.Equal(["jail:pg1:memoryuse:deny=1073741824"], _kernel.Rules);
    }

    [Fact]
    public void A_deny_rule_with_another_per_is_not_a_conflict()
    {
        AddByHand("jail:pg1:nthr:deny=50/process");
        var enforcer = Enforcer();

        var result = enforcer.Add(RctlRule.ForJail("pg1", Resource.NThr, "deny", 500));

        Assert.Equal(RctlOutcome.Added, result.Outcome);
        Assert.Equal(["jail:pg1:nthr:deny=50/process", "jail:pg1:nthr:deny=500"], _kernel.Rules.Order());
    }

    [Fact]
    public void Changing_the_amount_of_its_own_deny_rule_replaces_it_in_kernel_and_ledger()
    {
        var enforcer = Enforcer();
        enforcer.Add(RctlRule.ForJail("pg1", Resource.MemoryUse, "deny", 1073741824));

        var result = enforcer.Add(PgMemory);

        Assert.Equal(RctlOutcome.Added, result.Outcome);
        Assert.Contains("replacing jail:pg1:memoryuse:deny=1073741824", result.Message, StringComparison.Ordinal);
        Assert.Equal(["jail:pg1:memoryuse:deny=2147483648"], _kernel.Rules);
        Assert.Equal([PgMemory], enforcer.Ledger.Rules);
    }

    [Fact]
    public void Adding_a_rule_it_already_owns_changes_nothing()
    {
        var enforcer = Enforcer();
        enforcer.Add(PgMemory);
        _kernel.ClearCalls();

        var result = enforcer.Add(PgMemory);

        Assert.Equal(RctlOutcome.AlreadyInPlace, result.Outcome);
        Assert.True(result.Succeeded);
        Assert.Empty(Calls("rctl_add_rule"));
    }

    [Fact]
    public void Reconcile_drops_ledger_entries_removed_by_hand_and_touches_no_rule()
    {
        AddByHand("jail:web:maxproc:deny=10");
        var enforcer = Enforcer();
        enforcer.Add(PgMemory);
        var cpu = RctlRule.Parse("jail:pg1:pcpu:devctl=80");
        enforcer.Add(cpu);
        _kernel.RctlRemoveRule("jail:pg1:memoryuse:deny=2147483648", out _); // the admin's rctl -r
        _kernel.ClearCalls();

        var result = enforcer.Reconcile();

        Assert.True(result.Succeeded);
        Assert.Equal([PgMemory], result.Dropped);
        Assert.Equal([cpu], enforcer.Ledger.Rules);
        Assert.Equal(["rctl_get_rules(jail:)"], _kernel.Calls.Select(c => $"{c.Function}({c.Argument})"));
        Assert.Equal(["jail:pg1:pcpu:devctl=80", "jail:web:maxproc:deny=10"], _kernel.Rules.Order());
    }

    [Fact]
    public void A_rule_list_larger_than_the_first_buffer_is_read_after_an_erange_retry()
    {
        for (int i = 0; i < 600; i++) AddByHand($"jail:tenant{i:D4}.example:maxproc:deny={1000 + i}");
        var enforcer = Enforcer();
        enforcer.Add(PgMemory);
        _kernel.ClearCalls();

        var result = enforcer.Reconcile();

        Assert.True(result.Succeeded);
        Assert.Empty(result.Dropped);
        Assert.Equal([(Errno.ERANGE, 16384L), (0, 65536L)],
            _kernel.Calls.Where(c => c.Function == "rctl_get_rules").Select(c => (c.Errno, c.BufferSize)));
    }

    [Fact]
    public void Removing_an_owned_rule_that_is_already_gone_drops_it_from_the_ledger()
    {
        var enforcer = Enforcer();
        enforcer.Add(PgMemory);
        _kernel.RctlRemoveRule("jail:pg1:", out _);

        var result = enforcer.Remove(PgMemory);

        Assert.Equal(RctlOutcome.AlreadyGone, result.Outcome);
        Assert.True(result.Succeeded);
        Assert.Empty(enforcer.Ledger.Rules);
    }

    [Fact]
    public void Ownership_survives_a_restart()
    {
        Enforcer().Add(PgMemory);

        var restarted = Enforcer();
        var result = restarted.Remove(PgMemory);

        Assert.Equal(RctlOutcome.Removed, result.Outcome);
        Assert.Empty(_kernel.Rules);
    }

    [Fact]
    public void Racct_disabled_says_how_to_enable_it_and_leaves_the_ledger_empty()
    {
        _kernel.RacctEnabled = false;
        var enforcer = Enforcer();

        var result = enforcer.Add(PgMemory);

        Assert.Equal(RctlOutcome.Failed, result.Outcome);
        Assert.Equal(Errno.ENOSYS, result.Errno);
        Assert.Contains("kern.racct.enable=1", result.Message, StringComparison.Ordinal);
        Assert.Contains("/boot/loader.conf", result.Message, StringComparison.Ordinal);
        Assert.Contains("reboot", result.Message, StringComparison.Ordinal);
        Assert.Empty(enforcer.Ledger.Rules);
    }

    [Fact]
    public void A_combination_the_kernel_refuses_is_explained_and_not_recorded()
    {
        var enforcer = Enforcer();
        var cputimeDeny = new RctlRule("jail", "pg1", "cputime", "deny", 3600);

        var result = enforcer.Add(cputimeDeny);

        Assert.Equal(RctlOutcome.Failed, result.Outcome);
        Assert.Equal(Errno.EOPNOTSUPP, result.Errno);
        Assert.Contains("cannot deny cputime", result.Message, StringComparison.Ordinal);
        Assert.Empty(enforcer.Ledger.Rules);
        Assert.DoesNotContain("cputime", File.Exists(LedgerPath) ? File.ReadAllText(LedgerPath) : "", StringComparison.Ordinal);
    }

    [Fact]
    public void Without_root_the_message_says_so()
    {
        var enforcer = Enforcer();
        _kernel.RctlErrno = Errno.EPERM;

        var result = enforcer.Add(PgMemory);

        Assert.Equal(Errno.EPERM, result.Errno);
        Assert.Contains("needs root", result.Message, StringComparison.Ordinal);
        Assert.Empty(enforcer.Ledger.Rules);
    }

    [Fact]
    public void A_failed_removal_keeps_the_ledger_entry()
    {
        var enforcer = Enforcer();
        enforcer.Add(PgMemory);
        _kernel.RctlErrno = Errno.EPERM;

        var result = enforcer.Remove(PgMemory);

        Assert.Equal(RctlOutcome.Failed, result.Outcome);
        Assert.Equal([PgMemory], enforcer.Ledger.Rules);
    }

    [Fact]
    public void Only_jail_rules_are_enforced()
    {
        Assert.Throws<ArgumentException>(() => Enforcer().Add(RctlRule.Parse("user:80:maxproc:deny=10")));
    }

    [Fact]
    public void Rules_with_dotted_jail_names_round_trip_through_kernel_and_ledger()
    {
        var rule = RctlRule.Parse("jail:hosting.www:maxproc:log=100");
        Enforcer().Add(rule);

        var restarted = Enforcer();

        Assert.Equal([rule], restarted.Ledger.Rules);
        Assert.True(restarted.Reconcile().Dropped.Count == 0);
    }

    [Fact]
    public void A_corrupt_ledger_is_set_aside_and_the_service_then_owns_nothing()
    {
        File.WriteAllText(LedgerPath, "{ not json");
        var logger = new RecordingLogger<RctlLedger>();

        var ledger = new RctlLedger(_state, logger);

        Assert.Empty(ledger.Rules);
        Assert.True(File.Exists(LedgerPath + ".corrupt"));
        Assert.Contains(logger.Entries, e => e.Message.Contains("corrupt", StringComparison.Ordinal));
    }

    [Fact]
    public void A_ledger_entry_that_is_not_a_rule_counts_as_corruption()
    {
        File.WriteAllText(LedgerPath, """{"version":1,"rules":["jail:pg1:memoryuse"]}""");

        Assert.Empty(new RctlLedger(_state).Rules);
        Assert.True(File.Exists(LedgerPath + ".corrupt"));
    }

    private string LedgerPath => Path.Combine(_state, RctlLedger.FileName);

    private RctlEnforcer Enforcer() => new(_kernel, new RctlLedger(_state));

    private void AddByHand(string rule)
    {
        Assert.Equal(0, _kernel.RctlAddRule(rule, out _));
        _kernel.ClearCalls();
    }

    private IReadOnlyList<string> Calls(string function) =>
        [.. _kernel.Calls.Where(c => c.Function == function).Select(c => c.Argument)];
}
