using JailMetrics.Alerts;
using JailMetrics.Model;
using Microsoft.Extensions.Time.Testing;
using static JailMetrics.Core.Tests.Alerts.AlertTesting;

namespace JailMetrics.Core.Tests.Alerts;

/// <summary>
/// <c>alert=breach</c>: the value is the breaches new since the previous sample; the alert fires on a
/// sample with new ones and resolves on one without. Grammar and state machine on a fake clock.
/// </summary>
public sealed class BreachAlertTests : IDisposable
{
    private readonly string _stateDirectory = Directory.CreateTempSubdirectory("jm-breach-alerts-").FullName;
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly RecordingSink _sink = new();
    private readonly RecordingLogger<AlertEvaluator> _log = new();

    public void Dispose() => Directory.Delete(_stateDirectory, recursive: true);

    private AlertEvaluator Evaluator(params AlertRule[] rules) => new(rules, [_sink], _stateDirectory, _clock, _log);

    private static JailSample Breached(string name, ulong maxproc, long id = 7) =>
        new(new JailInfo { Name = name, Id = id }, new ResourceUsage.Builder().Set(Resource.MaxProc, 3).Build())
        {
            Breaches = [new LimitBreach(Resource.MaxProc, maxproc), new LimitBreach(Resource.MemoryUse, 0, 0)],
        };

    [Theory]
    [InlineData("jail:*:memoryuse:alert=breach", Resource.MemoryUse)]
    [InlineData("jail:web:maxproc:alert=BREACH/jail", Resource.MaxProc)]
    [InlineData("j:db*:pcpu:alert=breach", Resource.Pcpu)]
    public void The_breach_keyword_is_a_threshold(string text, Resource resource)
    {
        var rule = Rule("b", text);

        Assert.Equal(resource, rule.Resource);
        Assert.IsType<BreachThreshold>(rule.Threshold);
        Assert.EndsWith(":alert=breach", rule.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Match_with_Threshold_breach_and_a_breach_Clear_are_accepted()
    {
        var rule = ValidRules(new AlertRuleOptions { Name = "b", Match = "jail:*:maxproc", Threshold = "breach", Clear = "breach", For = "30s" })[0];

        Assert.IsType<BreachThreshold>(rule.Threshold);
        Assert.IsType<BreachThreshold>(rule.Clear);
    }

    [Theory]
    [InlineData("breach", "10", "same form")]
    [InlineData("10", "breach", "same form")]
    [InlineData("80%", "breach", "same form")]
    public void Breach_and_amounts_do_not_mix_as_threshold_and_clear(string threshold, string clear, string reason)
    {
        var set = AlertRuleParser.Parse([new AlertRuleOptions { Name = "b", Match = "jail:*:maxproc", Threshold = threshold, Clear = clear }]);

        var error = Assert.Single(set.Errors);
        Assert.Equal(nameof(AlertRuleOptions.Clear), error.Field);
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("jail:*:maxproc:alert=breaches", 22)]
    [InlineData("jail:*:maxproc:alert=breach%", 22)]
    public void Near_misses_of_the_keyword_are_errors_at_the_threshold(string text, int column)
    {
        var set = AlertRuleParser.Parse([new AlertRuleOptions { Name = "b", Rule = text }]);

        var error = Assert.Single(set.Errors);
        Assert.Equal(column, error.Column);
        Assert.Contains("breach", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_first_sample_is_the_baseline_then_new_breaches_fire_and_a_sample_without_resolves()
    {
        var evaluator = Evaluator(Rule("procs", "jail:*:maxproc:alert=breach"));

        evaluator.OnSnapshot(Sample(Breached("web", 5))); // 5 old breaches: nothing is known to be new
        Assert.Empty(_sink.Steps);
        Assert.Contains(_log.Lines, l => l.Message.Contains("second sample", StringComparison.Ordinal));

        _clock.Advance(TimeSpan.FromSeconds(10));
        evaluator.OnSnapshot(Sample(Breached("web", 5)));
        Assert.Empty(evaluator.Active);

        _clock.Advance(TimeSpan.FromSeconds(10));
        evaluator.OnSnapshot(Sample(Breached("web", 8)));
        var firing = Assert.Single(evaluator.Active);
        Assert.Equal((AlertState.Firing, 3d, 0d), (firing.State, firing.Value, firing.Threshold));

        _clock.Advance(TimeSpan.FromSeconds(10));
        evaluator.OnSnapshot(Sample(Breached("web", 9))); // still breaching: stays firing with the latest value
        Assert.Equal(1d, Assert.Single(evaluator.Active).Value);

        _clock.Advance(TimeSpan.FromSeconds(10));
        evaluator.OnSnapshot(Sample(Breached("web", 9)));

        Assert.Empty(evaluator.Active);
        Assert.Equal(["procs/web Inactive->Firing", "procs/web Firing->Resolved"], _sink.Steps);
        Assert.Equal(_clock.GetUtcNow(), _sink.Transitions[1].Timestamp);
    }

    [Fact]
    public void With_For_breaches_must_go_on_in_every_sample_for_that_long()
    {
        var evaluator = Evaluator(Rule("procs", "jail:web:maxproc:alert=breach", forDuration: "30s"));
        evaluator.OnSnapshot(Sample(Breached("web", 0)));

        ulong count = 0;
        for (int sample = 0; sample < 3; sample++) // breaches at 10 s, 20 s and 30 s
        {
            _clock.Advance(TimeSpan.FromSeconds(10));
            evaluator.OnSnapshot(Sample(Breached("web", ++count)));
        }
        Assert.Equal(["procs/web Inactive->Pending"], _sink.Steps); // 20 s of breaches so far

        _clock.Advance(TimeSpan.FromSeconds(10));
        evaluator.OnSnapshot(Sample(Breached("web", count))); // a quiet sample ends the wait
        _clock.Advance(TimeSpan.FromSeconds(10));
        evaluator.OnSnapshot(Sample(Breached("web", ++count)));
        _clock.Advance(TimeSpan.FromSeconds(30));
        evaluator.OnSnapshot(Sample(Breached("web", ++count)));

        Assert.Equal(["procs/web Inactive->Pending", "procs/web Pending->Inactive", "procs/web Inactive->Pending", "procs/web Pending->Firing"], _sink.Steps);
    }

    [Fact]
    public void A_restarted_or_new_jail_counts_all_its_breaches_as_new()
    {
        var evaluator = Evaluator(Rule("procs", "jail:*:maxproc:alert=breach"));
        evaluator.OnSnapshot(Sample(Breached("web", 50, id: 7)));

        _clock.Advance(TimeSpan.FromSeconds(10));
        evaluator.OnSnapshot(Sample(Breached("web", 2, id: 8), Breached("db", 1)));

        Assert.Equal([("db", 1d), ("web", 2d)], evaluator.Active.Select(a => (a.Jail, a.Value)).OrderBy(a => a.Jail));
    }

    [Fact]
    public void A_jail_without_a_count_for_the_resource_is_explained_and_not_evaluated()
    {
        var evaluator = Evaluator(Rule("cpu", "jail:*:pcpu:alert=breach"));

        evaluator.OnSnapshot(Sample(Breached("web", 1)));
        evaluator.OnSnapshot(Sample(Breached("web", 2)));

        Assert.Empty(_sink.Steps);
        var line = Assert.Single(_log.Lines, l => l.Message.Contains("no pcpu breach count", StringComparison.Ordinal));
        Assert.Contains("jail:*:pcpu:alert=breach", line.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_firing_breach_alert_restored_from_state_holds_through_the_baseline_sample()
    {
        var rule = Rule("procs", "jail:*:maxproc:alert=breach");
        var first = Evaluator(rule);
        first.OnSnapshot(Sample(Breached("web", 0)));
        first.OnSnapshot(Sample(Breached("web", 4)));
        Assert.Equal(AlertState.Firing, Assert.Single(first.Active).State);

        var restarted = Evaluator(rule);
        restarted.OnSnapshot(Sample(Breached("web", 4)));
        Assert.Equal(AlertState.Firing, Assert.Single(restarted.Active).State);

        restarted.OnSnapshot(Sample(Breached("web", 4)));
        Assert.Empty(restarted.Active);
    }
}
