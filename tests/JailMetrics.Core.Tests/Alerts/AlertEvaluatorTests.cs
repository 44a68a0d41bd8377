using JailMetrics.Alerts;
using JailMetrics.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using static JailMetrics.Core.Tests.Alerts.AlertTesting;

namespace JailMetrics.Core.Tests.Alerts;

/// <summary>The evaluator on a fake clock: the state machine, thresholds per jail, sinks and the log.</summary>
public sealed class AlertEvaluatorTests : IDisposable
{
    private const long GiB = 1L << 30;
    private readonly string _stateDirectory = Directory.CreateTempSubdirectory("jm-alerts-").FullName;
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly RecordingSink _sink = new();
    private readonly RecordingLogger<AlertEvaluator> _log = new();

    public void Dispose() => Directory.Delete(_stateDirectory, recursive: true);

    private AlertEvaluator Evaluator(params AlertRule[] rules) => new(rules, [_sink], _stateDirectory, _clock, _log);

    [Fact]
    public void Pending_turns_firing_only_once_the_value_has_stayed_above_for_the_whole_For()
    {
        var evaluator = Evaluator(Rule("cpu", "jail:www:pcpu:alert=80", forDuration: "5m"));

        evaluator.OnSnapshot(Sample(Jail("www", Resource.Pcpu, 95)));
        _clock.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        evaluator.OnSnapshot(Sample(Jail("www", Resource.Pcpu, 99)));
        Assert.Equal(["cpu/www Inactive->Pending"], _sink.Steps);
        Assert.Equal(AlertState.Pending, Assert.Single(evaluator.Active).State);
        Assert.Equal(99, evaluator.Active[0].Value);

        _clock.Advance(TimeSpan.FromSeconds(1));
        evaluator.OnSnapshot(Sample(Jail("www", Resource.Pcpu, 90)));

        Assert.Equal(["cpu/www Inactive->Pending", "cpu/www Pending->Firing"], _sink.Steps);
        var firing = Assert.Single(evaluator.Active);
        Assert.Equal((AlertState.Firing, _clock.GetUtcNow(), 90d, 80d), (firing.State, firing.Since, firing.Value, firing.Threshold));
        Assert.Equal(_clock.GetUtcNow(), _sink.Transitions[1].Timestamp);
    }

    [Fact]
    public void Pending_that_drops_before_For_goes_back_to_inactive_and_its_wait_starts_over()
    {
        var evaluator = Evaluator(Rule("cpu", "jail:www:pcpu:alert=80", forDuration: "5m"));

        evaluator.OnSnapshot(Sample(Jail("www", Resource.Pcpu, 95)));
        _clock.Advance(TimeSpan.FromMinutes(4));
        evaluator.OnSnapshot(Sample(Jail("www", Resource.Pcpu, 80))); // at the threshold is not above it
        Assert.Empty(evaluator.Active);

        evaluator.OnSnapshot(Sample(Jail("www", Resource.Pcpu, 95)));
        _clock.Advance(TimeSpan.FromMinutes(4));
        evaluator.OnSnapshot(Sample(Jail("www", Resource.Pcpu, 95)));

        Assert.Equal(["cpu/www Inactive->Pending", "cpu/www Pending->Inactive", "cpu/www Inactive->Pending"], _sink.Steps);
        Assert.Equal(AlertState.Pending, Assert.Single(evaluator.Active).State);
    }

    [Fact]
    public void Without_For_an_alert_fires_on_the_first_sample_above()
    {
        var evaluator = Evaluator(Rule("cpu", "jail:www:pcpu:alert=80"));

        evaluator.OnSnapshot(Sample(Jail("www", Resource.Pcpu, 80)));
        evaluator.OnSnapshot(Sample(Jail("www", Resource.Pcpu, 81)));

        Assert.Equal(["cpu/www Inactive->Firing"], _sink.Steps);
    }

    [Fact]
    public void With_a_clear_threshold_a_firing_alert_holds_until_the_value_falls_to_it_then_can_fire_again()
    {
        var limit = new JailLimit(Resource.MemoryUse, "deny", 1000);
        var evaluator = Evaluator(Rule("mem", "jail:db:memoryuse:alert=80%", clear: "70%"));

        evaluator.OnSnapshot(Sample(Jail("db", Resource.MemoryUse, 850, limit)));
        evaluator.OnSnapshot(Sample(Jail("db", Resource.MemoryUse, 750, limit))); // below 80 %, above 70 %
        Assert.Equal(AlertState.Firing, Assert.Single(evaluator.Active).State);

        evaluator.OnSnapshot(Sample(Jail("db", Resource.MemoryUse, 700, limit)));
        Assert.Empty(evaluator.Active);
        evaluator.OnSnapshot(Sample(Jail("db", Resource.MemoryUse, 790, limit))); // below the threshold: stays quiet
        evaluator.OnSnapshot(Sample(Jail("db", Resource.MemoryUse, 801, limit)));

        Assert.Equal(["mem/db Inactive->Firing", "mem/db Firing->Resolved", "mem/db Inactive->Firing"], _sink.Steps);
        var resolved = _sink.Transitions[1];
        Assert.Equal((700d, 700d), (resolved.Value, resolved.Threshold)); // compared with the clear threshold
        Assert.Equal(800d, _sink.Transitions[2].Threshold);
    }

    [Fact]
    public void Without_a_clear_threshold_a_firing_alert_resolves_at_the_threshold()
    {
        var evaluator = Evaluator(Rule("cpu", "jail:www:pcpu:alert=80"));

        evaluator.OnSnapshot(Sample(Jail("www", Resource.Pcpu, 81)));
        evaluator.OnSnapshot(Sample(Jail("www", Resource.Pcpu, 80)));

        Assert.Equal(["cpu/www Inactive->Firing", "cpu/www Firing->Resolved"], _sink.Steps);
    }

    [Fact]
    public void A_percentage_is_of_the_jails_own_deny_limit_counted_per_jail()
    {
        var evaluator = Evaluator(Rule("mem", "jail:*:memoryuse:alert=50%"));

        evaluator.OnSnapshot(Sample(
            Jail("capped", Resource.MemoryUse, 0.6 * GiB, new JailLimit(Resource.MemoryUse, "deny", GiB)),
            Jail("per-jail-spelled-out", Resource.MemoryUse, 0.6 * GiB, new JailLimit(Resource.MemoryUse, "deny", GiB, "jail")),
            Jail("lowest-wins", Resource.MemoryUse, 0.6 * GiB,
                new JailLimit(Resource.MemoryUse, "deny", 4 * GiB), new JailLimit(Resource.MemoryUse, "deny", GiB)),
            Jail("log-only", Resource.MemoryUse, 0.6 * GiB, new JailLimit(Resource.MemoryUse, "log", GiB)),
            Jail("per-process", Resource.MemoryUse, 0.6 * GiB, new JailLimit(Resource.MemoryUse, "deny", GiB, "process")),
            Jail("other-resource", Resource.MemoryUse, 0.6 * GiB, new JailLimit(Resource.VMemoryUse, "deny", GiB)),
            Jail("unlimited", Resource.MemoryUse, 100 * GiB)));

        Assert.Equal(["mem/capped Inactive->Firing", "mem/lowest-wins Inactive->Firing", "mem/per-jail-spelled-out Inactive->Firing"], _sink.Steps);
        Assert.All(_sink.Transitions, t => Assert.Equal(0.5 * GiB, t.Threshold));
    }

    [Fact]
    public void A_jail_without_the_limit_is_not_evaluated_and_the_log_says_why_once()
    {
        var evaluator = Evaluator(Rule("mem", "jail:*:memoryuse:alert=50%"));

        evaluator.OnSnapshot(Sample(Jail("unlimited", Resource.MemoryUse, 100 * GiB)));
        evaluator.OnSnapshot(Sample(Jail("unlimited", Resource.MemoryUse, 100 * GiB)));

        Assert.Empty(_sink.Transitions);
        var explanation = Assert.Single(_log.Lines, l => l.Message.Contains("not evaluated"));
        Assert.Equal(LogLevel.Information, explanation.Level);
        Assert.Contains("jail unlimited", explanation.Message);
        Assert.Contains("has no deny (or throttle) limit on memoryuse", explanation.Message);
    }

    [Fact]
    public void Throttled_io_rates_take_their_throttle_limit()
    {
        var evaluator = Evaluator(Rule("io", "jail:db:readbps:alert=90%"));

        evaluator.OnSnapshot(Sample(Jail("db", Resource.ReadBps, 95, new JailLimit(Resource.ReadBps, "throttle", 100))));

        Assert.Equal(90d, Assert.Single(_sink.Transitions).Threshold);
    }

    [Fact]
    public void Removing_the_limit_a_percentage_refers_to_resolves_the_alert()
    {
        var evaluator = Evaluator(Rule("mem", "jail:db:memoryuse:alert=50%"));

        evaluator.OnSnapshot(Sample(Jail("db", Resource.MemoryUse, 600, new JailLimit(Resource.MemoryUse, "deny", 1000))));
        evaluator.OnSnapshot(Sample(Jail("db", Resource.MemoryUse, 600)));

        Assert.Equal(["mem/db Inactive->Firing", "mem/db Firing->Resolved"], _sink.Steps);
        Assert.Contains("no deny (or throttle) limit", _sink.Transitions[1].Reason);
    }

    [Fact]
    public void A_percentage_of_a_host_ipc_limit()
    {
        var evaluator = Evaluator(Rule("shm", "jail:*:nshm:alert=80%host.shmmni"));

        evaluator.OnSnapshot(Sample(Jail("a", Resource.NShm, 81), Jail("b", Resource.NShm, 80)).WithHostLimit(HostIpcLimit.ShmMni, 100));
        evaluator.OnSnapshot(Sample(Jail("c", Resource.NShm, 1000))); // the host limit is not known in this sample

        Assert.Equal(["shm/a Inactive->Firing", "shm/a Firing->Resolved"], _sink.Steps);
        Assert.Equal(80d, _sink.Transitions[0].Threshold);
        Assert.Contains(_log.Lines, l => l.Message.Contains("jail c") && l.Message.Contains("does not know the host's shmmni"));
    }

    [Fact]
    public void Globs_select_jails_by_their_whole_name_and_never_the_host()
    {
        var evaluator = Evaluator(Rule("db", "jail:db*:pcpu:alert=10"), Rule("all", "jail:*:pcpu:alert=10"));

        evaluator.OnSnapshot(Sample(Jail("db1", Resource.Pcpu, 50), Jail("db.example", Resource.Pcpu, 50), Jail("mydb", Resource.Pcpu, 50)));

        Assert.Equal(
        [
            "db/db.example Inactive->Firing", "db/db1 Inactive->Firing",
            "all/db.example Inactive->Firing", "all/db1 Inactive->Firing", "all/mydb Inactive->Firing",
        ], _sink.Steps);
    }

    [Fact]
    public void A_jail_that_disappears_resolves_its_firing_alerts_and_drops_its_pending_ones()
    {
        var evaluator = Evaluator(Rule("now", "jail:www:pcpu:alert=10"), Rule("later", "jail:www:pcpu:alert=10", forDuration: "1h"));

        evaluator.OnSnapshot(Sample(Jail("www", Resource.Pcpu, 50)));
        Assert.Equal(2, evaluator.Active.Count);
        evaluator.OnSnapshot(Sample());

        Assert.Equal(["now/www Inactive->Firing", "later/www Inactive->Pending", "now/www Firing->Resolved", "later/www Pending->Inactive"], _sink.Steps);
        Assert.All(_sink.Transitions.Skip(2), t => Assert.Equal("the jail is gone", t.Reason));
        Assert.All(_sink.Transitions.Skip(2), t => Assert.Equal(50d, t.Value)); // the last value known
        Assert.Empty(evaluator.Active);
    }

    [Fact]
    public void A_value_that_was_not_sampled_holds_the_alert_where_it_is()
    {
        var evaluator = Evaluator(Rule("cpu", "jail:www:pcpu:alert=10"));

        evaluator.OnSnapshot(Sample(Jail("www", Resource.Pcpu, 50)));
        evaluator.OnSnapshot(Sample(Jail("www", Resource.MemoryUse, 1))); // pcpu missing, e.g. its collector failed

        Assert.Equal(["cpu/www Inactive->Firing"], _sink.Steps);
        Assert.Equal(AlertState.Firing, Assert.Single(evaluator.Active).State);
        Assert.Contains(_log.Lines, l => l.Message.Contains("pcpu is not sampled for this jail"));
    }

    [Fact]
    public void Counters_are_compared_as_totals()
    {
        var evaluator = Evaluator(Rule("cpu-hours", "jail:batch:cputime:alert=3600"));

        evaluator.OnSnapshot(Sample(Jail("batch", Resource.CpuTime, 3599.5)));
        evaluator.OnSnapshot(Sample(Jail("batch", Resource.CpuTime, 3600.5)));

        Assert.Equal(["cpu-hours/batch Inactive->Firing"], _sink.Steps);
    }

    [Fact]
    public void A_firing_alert_carries_its_jails_enforcement_to_install_and_later_remove()
    {
        var evaluator = Evaluator(Rule("cpu", "jail:db*:pcpu:alert=90", enforce: "jail:$name:pcpu:deny=50"));

        evaluator.OnSnapshot(Sample(Jail("db1", Resource.Pcpu, 95)));
        evaluator.OnSnapshot(Sample(Jail("db1", Resource.Pcpu, 10)));

        var (fired, resolved) = (_sink.Transitions[0], _sink.Transitions[1]);
        Assert.Equal("jail:db1:pcpu:deny=50", fired.Enforcement?.ToString());
        Assert.True(fired.InstallsEnforcement);
        Assert.Equal("jail:db1:pcpu:deny=50", resolved.Enforcement?.ToString());
        Assert.True(resolved.RemovesEnforcement);
        Assert.Contains(_log.Lines, l => l.Level == LogLevel.Warning && l.Message.Contains("Inactive -> Firing") && l.Message.Contains("installs jail:db1:pcpu:deny=50"));
        Assert.Contains(_log.Lines, l => l.Message.Contains("Firing -> Resolved") && l.Message.Contains("removes jail:db1:pcpu:deny=50"));
    }

    [Fact]
    public void A_sticky_enforcement_stays_when_the_alert_resolves()
    {
        var evaluator = Evaluator(Rule("cpu", "jail:db:pcpu:alert=90", enforce: "jail:$name:pcpu:deny=50", sticky: true));

        evaluator.OnSnapshot(Sample(Jail("db", Resource.Pcpu, 95)));
        evaluator.OnSnapshot(Sample(Jail("db", Resource.Pcpu, 10)));

        Assert.NotNull(_sink.Transitions[1].Enforcement);
        Assert.False(_sink.Transitions[1].RemovesEnforcement);
    }

    [Fact]
    public void Every_sink_hears_every_transition_in_order_even_when_another_sink_throws()
    {
        var second = new RecordingSink();
        var evaluator = new AlertEvaluator(
            [Rule("a", "jail:*:pcpu:alert=10"), Rule("b", "jail:*:maxproc:alert=5")],
            [new ThrowingSink(), _sink, second], _stateDirectory, _clock, _log);

        evaluator.OnSnapshot(Sample(Jail("x", Resource.Pcpu, 50), Jail("y", Resource.Pcpu, 50)));
        evaluator.OnSnapshot(Sample(Jail("y", Resource.Pcpu, 5)));

        // x is gone and ends before y is evaluated.
        string[] expected = ["a/x Inactive->Firing", "a/y Inactive->Firing", "a/x Firing->Resolved", "a/y Firing->Resolved"];
        Assert.Equal(expected, _sink.Steps);
        Assert.Equal(expected, second.Steps);
        Assert.Equal(4, _log.Lines.Count(l => l.Level == LogLevel.Error && l.Message.Contains("ThrowingSink failed")));
    }

    [Fact]
    public void Every_transition_is_logged()
    {
        var evaluator = Evaluator(Rule("cpu", "jail:www:pcpu:alert=80", forDuration: "1m"));

        evaluator.OnSnapshot(Sample(Jail("www", Resource.Pcpu, 95)));
        _clock.Advance(TimeSpan.FromMinutes(1));
        evaluator.OnSnapshot(Sample(Jail("www", Resource.Pcpu, 95)));
        evaluator.OnSnapshot(Sample(Jail("www", Resource.Pcpu, 5)));

        var lines = _log.Lines.Where(l => l.Message.StartsWith("Alert cpu on jail www:")).ToList();
        Assert.Equal(3, lines.Count);
        Assert.Contains("Inactive -> Pending", lines[0].Message);
        Assert.Equal(LogLevel.Warning, lines[1].Level);
        Assert.Contains("Pending -> Firing (Warning)", lines[1].Message);
        Assert.Contains("Firing -> Resolved", lines[2].Message);
    }

    private sealed class ThrowingSink : IAlertSink
    {
        public void OnTransition(AlertTransition transition) => throw new InvalidOperationException("broken notifier");
    }
}
