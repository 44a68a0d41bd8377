using JailMetrics.Alerts;
using JailMetrics.FreeBsd.Enforcement;
using JailMetrics.FreeBsd.Native;
using JailMetrics.FreeBsd.Tests.Source;
using JailMetrics.Rules;
using JailMetrics.Testing.FreeBsd;
using Microsoft.Extensions.Logging;

namespace JailMetrics.FreeBsd.Tests.Enforcement;

/// <summary>
/// The whole FreeBSD enforcement flow on the fake kernel: the source samples <see cref="FreeBsdScenario"/>,
/// the Core evaluator decides, and the sink adds and removes the exact rctl rule strings.
/// </summary>
public sealed class RctlEnforcementSinkTests : IDisposable
{
    private const string Added = "jail:web:pcpu:deny=50";
    private const string RemoveFilter = "jail:web:pcpu:deny=50/jail"; // per spelled out: matches this rule only

    private readonly string _state = Directory.CreateTempSubdirectory("jm-rctl-sink-").FullName;
    private readonly FakeFreeBsdNative _kernel = FreeBsdScenario.Create();
    private readonly ManualClock _clock = new();
    private readonly ListLogger<RctlEnforcementSink> _log = new();

    public void Dispose() => Directory.Delete(_state, recursive: true);

    [Fact]
    public void Firing_adds_the_exact_rule_and_resolving_removes_it_with_an_exact_filter()
    {
        var (evaluator, ledger) = Build(sticky: false);

        Sample(evaluator); // web uses 1.25 GiB > 1g: pending for the 1m the rule asks
        Assert.Empty(Calls("rctl_add_rule"));
        Assert.Equal(AlertState.Pending, Assert.Single(evaluator.Active).State);

        _clock.Advance(TimeSpan.FromMinutes(1));
        Sample(evaluator);
        Assert.Equal([Added], Calls("rctl_add_rule"));
        Assert.Contains(Added, _kernel.Rules);
        Assert.Equal([Added], ledger.Rules.Select(r => r.ToString()));
        Assert.Contains(Added, File.ReadAllText(LedgerPath), StringComparison.Ordinal);

        DropWebMemory();
        Sample(evaluator);
        Assert.Equal([RemoveFilter], Calls("rctl_remove_rule"));
        Assert.DoesNotContain(Added, _kernel.Rules);
        Assert.Empty(ledger.Rules);
        Assert.DoesNotContain(Added, File.ReadAllText(LedgerPath), StringComparison.Ordinal);

        // The scenario's hand-made rules, web's pcpu devctl among them, are all still there.
        Assert.Equal(FreeBsdScenario.Rules.Order(StringComparer.Ordinal), _kernel.Rules.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_whole_flow_waits_for_For_holds_above_Clear_and_adds_then_removes_exactly_its_own_rule()
    {
        // Hand-made, on the same jail and resource as the rule the alert will install.
        const string handMade = "jail:web:maxproc:log=30";
        Assert.Equal(0, _kernel.RctlAddRule(handMade, out _));
        _kernel.ClearCalls();
        var ledger = new RctlLedger(_state);
        var sink = new RctlEnforcementSink(new RctlEnforcer(_kernel, ledger), _log);
        var set = AlertRuleParser.Parse([new AlertRuleOptions
        {
            Name = "web-memory", Rule = "jail:web:memoryuse:alert=1g", For = "1m", Clear = "768m", Enforce = "jail:$name:maxproc:deny=20",
        }]);
        Assert.True(set.IsValid, set.Describe());
        var evaluator = new AlertEvaluator(set.Rules, [sink], _state, _clock);

        Sample(evaluator); // 1.25 GiB > 1g
        Assert.Equal(AlertState.Pending, Assert.Single(evaluator.Active).State);
        _clock.Advance(TimeSpan.FromSeconds(59));
        Sample(evaluator);
        Assert.Equal(AlertState.Pending, Assert.Single(evaluator.Active).State);
        Assert.Empty(Calls("rctl_add_rule"));

        _clock.Advance(TimeSpan.FromSeconds(1));
        Sample(evaluator);
        Assert.Equal(AlertState.Firing, Assert.Single(evaluator.Active).State);
        Assert.Equal(["jail:web:maxproc:deny=20"], Calls("rctl_add_rule"));
        Assert.Contains("jail:web:maxproc:deny=20", _kernel.Rules);
        Assert.Equal(["jail:web:maxproc:deny=20"], ledger.Rules.Select(r => r.ToString()));

        SetWebMemory(900L << 20); // below the threshold, above Clear: still firing, the rule stays
        Sample(evaluator);
        Sample(evaluator);
        Assert.Equal(AlertState.Firing, Assert.Single(evaluator.Active).State);
        Assert.Equal(["jail:web:maxproc:deny=20"], Calls("rctl_add_rule"));
        Assert.Empty(Calls("rctl_remove_rule"));

        SetWebMemory(768L << 20); // at Clear: resolved
        Sample(evaluator);
        Assert.Empty(evaluator.Active);
        Assert.Equal(["jail:web:maxproc:deny=20/jail"], Calls("rctl_remove_rule"));
        Assert.DoesNotContain("jail:web:maxproc:deny=20", _kernel.Rules);
        Assert.Empty(ledger.Rules);
        string[] untouched = [.. FreeBsdScenario.Rules, handMade];
        Assert.Equal(untouched.Order(StringComparer.Ordinal), _kernel.Rules.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_rule_added_by_hand_on_the_same_jail_is_never_touched()
    {
        Assert.Equal(0, _kernel.RctlAddRule("jail:web:pcpu:log=70", out _));
        _kernel.ClearCalls();
        var (evaluator, _) = Build(sticky: false);

        FireThenResolve(evaluator);

        Assert.Equal([Added], Calls("rctl_add_rule"));
        Assert.Equal([RemoveFilter], Calls("rctl_remove_rule"));
        Assert.Contains("jail:web:pcpu:log=70", _kernel.Rules);
        Assert.Contains("jail:web:pcpu:devctl=80", _kernel.Rules);
    }

    [Fact]
    public void A_sticky_rule_stays_in_the_kernel_and_the_ledger_when_the_alert_resolves()
    {
        var (evaluator, ledger) = Build(sticky: true);

        FireThenResolve(evaluator);

        Assert.Equal([Added], Calls("rctl_add_rule"));
        Assert.Empty(Calls("rctl_remove_rule"));
        Assert.Contains(Added, _kernel.Rules);
        Assert.Equal([Added], ledger.Rules.Select(r => r.ToString()));
        Assert.Contains(Added, File.ReadAllText(LedgerPath), StringComparison.Ordinal);
    }

    [Fact]
    public void A_dry_run_logs_what_it_would_do_and_neither_calls_the_kernel_nor_owns_anything()
    {
        var (evaluator, ledger) = Build(sticky: false, dryRun: true);

        FireThenResolve(evaluator);

        Assert.Empty(Calls("rctl_add_rule"));
        Assert.Empty(Calls("rctl_remove_rule"));
        Assert.Empty(ledger.Rules);
        Assert.Contains(_log.Lines, l => l.Message.Contains($"would add rctl rule {Added}", StringComparison.Ordinal));
        Assert.Contains(_log.Lines, l => l.Message.Contains($"would remove rctl rule {Added}", StringComparison.Ordinal));
    }

    [Fact]
    public void A_kernel_refusal_is_logged_with_the_alert_and_does_not_throw()
    {
        // Driven directly: with rctl failing, the source could not sample memoryuse to fire the alert.
        var ledger = new RctlLedger(_state);
        var sink = new RctlEnforcementSink(new RctlEnforcer(_kernel, ledger), _log);
        _kernel.RctlErrno = Errno.EPERM;

        Assert.Equal(EnforcementOutcome.Failed, sink.Enforce(Firing(RctlRule.Parse(Added))));

        Assert.Empty(ledger.Rules);
        Assert.Contains(_log.Lines, l => l.Level == LogLevel.Warning && l.Message.Contains($"Alert web-memory on jail web could not add rctl rule {Added}: Failed", StringComparison.Ordinal));
    }

    [Fact]
    public void A_rule_the_enforcer_refuses_to_manage_is_logged_not_thrown()
    {
        var sink = new RctlEnforcementSink(new RctlEnforcer(_kernel, new RctlLedger(_state)), _log);

        Assert.Equal(EnforcementOutcome.Failed, sink.Enforce(Firing(RctlRule.Parse("user:80:maxproc:deny=10"))));

        Assert.Empty(Calls("rctl_add_rule"));
        Assert.Contains(_log.Lines, l => l.Level == LogLevel.Error && l.Message.Contains("could not add rctl rule user:80:maxproc:deny=10", StringComparison.Ordinal));
    }

    private string LedgerPath => Path.Combine(_state, RctlLedger.FileName);

    private (AlertEvaluator Evaluator, RctlLedger Ledger) Build(bool sticky, bool dryRun = false)
    {
        var ledger = new RctlLedger(_state);
        var sink = new RctlEnforcementSink(new RctlEnforcer(_kernel, ledger), _log, dryRun);
        return (new AlertEvaluator(Rules(sticky), [sink], _state, _clock), ledger);
    }

    private static IReadOnlyList<AlertRule> Rules(bool sticky)
    {
        var set = AlertRuleParser.Parse([new AlertRuleOptions
        {
            Name = "web-memory", Rule = "jail:web:memoryuse:alert=1g", For = "1m", Enforce = "jail:$name:pcpu:deny=50", Sticky = sticky,
        }]);
        Assert.True(set.IsValid, set.Describe());
        return set.Rules;
    }

    private AlertTransition Firing(RctlRule enforcement) =>
        new(Rules(sticky: false)[0], "web", AlertState.Pending, AlertState.Firing, 2e9, 1073741824, _clock.GetUtcNow(), "test", enforcement);

    private void FireThenResolve(AlertEvaluator evaluator)
    {
        Sample(evaluator);
        _clock.Advance(TimeSpan.FromMinutes(1));
        Sample(evaluator);
        DropWebMemory();
        Sample(evaluator);
    }

    private void Sample(AlertEvaluator evaluator) =>
        evaluator.OnSnapshot(new FreeBsdJailSource(_kernel, FreeBsdScenario.Netstat()).Sample(CancellationToken.None));

    /// <summary>web falls to 512 MiB, under the 1g threshold, so its alert resolves.</summary>
    private void DropWebMemory() => SetWebMemory(536870912);

    private void SetWebMemory(long bytes) =>
        _kernel.SetRacct("web", FreeBsdScenario.WebRacct.Replace("memoryuse=1342177280", $"memoryuse={bytes}", StringComparison.Ordinal));

    private IReadOnlyList<string> Calls(string function) =>
        [.. _kernel.Calls.Where(c => c.Function == function).Select(c => c.Argument)];

    /// <summary>A clock moved by hand, so the rule's For passes without waiting (this project has no FakeTimeProvider).</summary>
    private sealed class ManualClock : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        // The evaluator times For with the monotonic timestamp, so that must move with the clock too.
        public override long GetTimestamp() => _now.UtcTicks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public void Advance(TimeSpan by) => _now += by;
    }
}
