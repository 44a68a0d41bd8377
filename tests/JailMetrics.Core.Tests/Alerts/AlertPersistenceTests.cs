using JailMetrics.Alerts;
using JailMetrics.Model;
using Microsoft.Extensions.Time.Testing;
using static JailMetrics.Core.Tests.Alerts.AlertTesting;

namespace JailMetrics.Core.Tests.Alerts;

/// <summary>What survives a restart: firing alerts and the enforcement they installed; nothing else.</summary>
public sealed class AlertPersistenceTests : IDisposable
{
    private readonly string _stateDirectory = Directory.CreateTempSubdirectory("jm-alerts-").FullName;
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly AlertRule _cpu = Rule("cpu", "jail:db*:pcpu:alert=90", enforce: "jail:$name:pcpu:deny=50");

    public void Dispose() => Directory.Delete(_stateDirectory, recursive: true);

    private string StateFile => Path.Combine(_stateDirectory, AlertEvaluator.FileName);

    private AlertEvaluator Start(RecordingSink sink, params AlertRule[] rules) => new(rules, [sink], _stateDirectory, _clock);

    [Fact]
    public void A_firing_alert_stays_firing_across_a_restart_without_notifying_again()
    {
        Start(new RecordingSink(), _cpu).OnSnapshot(Sample(Jail("db1", Resource.Pcpu, 95)));
        var firedAt = _clock.GetUtcNow();
        _clock.Advance(TimeSpan.FromHours(1));

        var sink = new RecordingSink();
        var restarted = Start(sink, _cpu);
        var restored = Assert.Single(restarted.Active);
        Assert.Equal((AlertState.Firing, "db1", firedAt, "jail:db1:pcpu:deny=50"), (restored.State, restored.Jail, restored.Since, restored.Enforcement?.ToString()));

        restarted.OnSnapshot(Sample(Jail("db1", Resource.Pcpu, 97)));
        Assert.Empty(sink.Transitions);
        restarted.OnSnapshot(Sample(Jail("db1", Resource.Pcpu, 10)));

        var resolved = Assert.Single(sink.Transitions);
        Assert.Equal((AlertState.Firing, AlertState.Resolved), (resolved.From, resolved.To));
        Assert.True(resolved.RemovesEnforcement);
        Assert.Equal("jail:db1:pcpu:deny=50", resolved.Enforcement?.ToString());
        Assert.Empty(Start(new RecordingSink(), _cpu).Active); // and the resolution was saved
    }

    [Fact]
    public void The_enforcement_removed_is_the_one_installed_even_if_the_rule_changed_meanwhile()
    {
        Start(new RecordingSink(), _cpu).OnSnapshot(Sample(Jail("db1", Resource.Pcpu, 95)));

        var sink = new RecordingSink();
        var changed = Start(sink, Rule("cpu", "jail:db*:pcpu:alert=90", enforce: "jail:$name:pcpu:deny=25"));
        changed.OnSnapshot(Sample(Jail("db1", Resource.Pcpu, 10)));

        Assert.Equal("jail:db1:pcpu:deny=50", Assert.Single(sink.Transitions).Enforcement?.ToString());
    }

    [Fact]
    public void A_firing_alert_whose_jail_is_gone_after_the_restart_resolves()
    {
        Start(new RecordingSink(), _cpu).OnSnapshot(Sample(Jail("db1", Resource.Pcpu, 95)));

        var sink = new RecordingSink();
        Start(sink, _cpu).OnSnapshot(Sample());

        var resolved = Assert.Single(sink.Transitions);
        Assert.Equal(("the jail is gone", true), (resolved.Reason, resolved.RemovesEnforcement));
    }

    [Fact]
    public void A_firing_alert_whose_rule_left_the_configuration_resolves_once_and_removes_its_enforcement()
    {
        var critical = ValidRules(new AlertRuleOptions
        {
            Name = "old", Rule = "jail:db1:pcpu:alert=90", Severity = "critical", Notify = ["snmp"], Enforce = "jail:$name:pcpu:deny=50",
        })[0];
        Start(new RecordingSink(), critical).OnSnapshot(Sample(Jail("db1", Resource.Pcpu, 95)));

        var sink = new RecordingSink();
        var restarted = Start(sink, _cpu);
        Assert.False(Assert.Single(restarted.Active).Rule.IsConfigured);
        restarted.OnSnapshot(Sample(Jail("db1", Resource.Pcpu, 95)));
        restarted.OnSnapshot(Sample(Jail("db1", Resource.Pcpu, 95)));

        Assert.Equal(["old/db1 Firing->Resolved", "cpu/db1 Inactive->Firing"], sink.Steps);
        var resolved = sink.Transitions[0];
        Assert.Equal("the rule is no longer configured", resolved.Reason);
        Assert.Equal((AlertSeverity.Critical, Resource.Pcpu), (resolved.Rule.Severity, resolved.Rule.Resource));
        Assert.Equal([AlertNotifyTarget.Snmp], resolved.Rule.Notify.AsEnumerable());
        Assert.True(resolved.RemovesEnforcement);
    }

    [Fact]
    public void Pending_alerts_are_not_saved_so_their_wait_starts_over()
    {
        Start(new RecordingSink(), Rule("slow", "jail:a:pcpu:alert=1", forDuration: "10m")).OnSnapshot(Sample(Jail("a", Resource.Pcpu, 5)));

        Assert.Empty(Start(new RecordingSink(), Rule("slow", "jail:a:pcpu:alert=1", forDuration: "10m")).Active);
    }

    [Fact]
    public void The_state_file_lists_the_firing_alerts_readably()
    {
        Start(new RecordingSink(), _cpu).OnSnapshot(Sample(Jail("db1", Resource.Pcpu, 95)));

        string json = File.ReadAllText(StateFile);
        Assert.Contains("\"rule\": \"cpu\"", json);
        Assert.Contains("\"jail\": \"db1\"", json);
        Assert.Contains("\"resource\": \"pcpu\"", json);
        Assert.Contains("\"enforcement\": \"jail:db1:pcpu:deny=50\"", json);
    }

    [Theory]
    [InlineData("{ not json")]
    [InlineData("{\"version\": 2, \"firing\": []}")]
    [InlineData("{\"version\": 1, \"firing\": [{\"rule\": \"cpu\", \"jail\": \"db1\", \"resource\": \"nosuch\", \"severity\": \"warning\"}]}")]
    [InlineData("{\"version\": 1, \"firing\": [{\"rule\": \"cpu\", \"jail\": \"db1\", \"resource\": \"pcpu\", \"severity\": \"warning\", \"enforcement\": \"jail:db1:pcpu\"}]}")]
    public void A_corrupt_state_file_is_set_aside_and_no_alert_is_restored(string contents)
    {
        File.WriteAllText(StateFile, contents);

        var evaluator = Start(new RecordingSink(), _cpu);

        Assert.Empty(evaluator.Active);
        Assert.Equal(contents, File.ReadAllText(StateFile + ".corrupt"));
        Assert.False(File.Exists(StateFile));
    }
}
