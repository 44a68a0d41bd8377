using System.Collections.Immutable;
using System.Text;
using JailMetrics.Alerts;
using JailMetrics.Model;
using JailMetrics.Service.Alerts;
using JailMetrics.Service.Inbound;
using JailMetrics.State;
using JailMetrics.Store;
using JailMetrics.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace JailMetrics.Tests.Inbound;

/// <summary>
/// What the receiver hands the enforcement sink for received alerts, and the webhook body parser:
/// idempotent per (fingerprint, route) across instances (a restart), sticky, shared limits, alerts it
/// cannot act on, and bodies it must refuse.
/// </summary>
public sealed class InboundAlertReceiverTests : IDisposable
{
    private readonly string _stateDirectory = Directory.CreateTempSubdirectory("jailmetrics-inbound-unit-").FullName;
    private readonly RecordingSink _enforcer = new();
    private readonly InboundStats _stats = new();
    private readonly SnapshotStore _store = new([]);

    public InboundAlertReceiverTests() =>
        _store.Publish(Snapshots.Of(
            Snapshots.Sample(Snapshots.Host, Snapshots.Usage((Resource.MaxProc, 300))),
            Snapshots.Sample(Snapshots.Jail("web1", 7), Snapshots.Usage((Resource.MaxProc, 20)))));

    public void Dispose() => Directory.Delete(_stateDirectory, recursive: true);

    private sealed class RecordingSink : IEnforcementSink
    {
        public List<AlertTransition> Transitions { get; } = [];

        /// <summary>What the next calls answer: an enforcer that refuses or fails, or one that does as asked.</summary>
        public EnforcementOutcome Answer { get; set; } = EnforcementOutcome.Done;

        public EnforcementOutcome Enforce(AlertTransition transition)
        {
            Transitions.Add(transition);
            return Answer;
        }
    }

    private InboundAlertReceiver Receiver(bool sticky = false, bool dryRun = false) => new(
        Options.Create(new InboundOptions
        {
            Routes =
            [
                new InboundRouteOptions { Name = "cap", Alertname = "TooManyProcs", Labels = new() { ["team"] = "ops" }, Enforce = "jail:$name:maxproc:deny=10", Sticky = sticky },
            ],
        }),
        new PlatformEnforcement(_enforcer), Options.Create(new EnforcementOptions { DryRun = dryRun }), _store, Options.Create(new StateOptions { Directory = _stateDirectory }), _stats, TimeProvider.System,
        NullLogger<InboundAlertReceiver>.Instance);

    private static ReceivedAlert Alert(string fingerprint, bool firing, string jail = "web1", string team = "ops") =>
        new(firing, fingerprint, ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal,
            new Dictionary<string, string> { ["alertname"] = "TooManyProcs", ["name"] = jail, ["team"] = team }), null, null);

    private IEnumerable<string> Enforced => _enforcer.Transitions.Select(t => $"{t.To} {t.Enforcement} {t.Rule.Name}");

    [Fact]
    public void A_firing_alert_applies_once_even_after_a_restart_and_its_resolve_removes_it()
    {
        Receiver().Handle(Alert("aa", firing: true), "am");
        Receiver().Handle(Alert("aa", firing: true), "am"); // a new instance reads the state file: a restart
        Receiver().Handle(Alert("aa", firing: false), "am");

        Assert.Equal(["Firing jail:web1:maxproc:deny=10 inbound:cap", "Resolved jail:web1:maxproc:deny=10 inbound:cap"], Enforced);
        Assert.Equal((1, 1, 1), (_stats[InboundAlertResult.Applied], _stats[InboundAlertResult.Duplicate], _stats[InboundAlertResult.Removed]));
        Assert.True(_enforcer.Transitions[1].RemovesEnforcement);
    }

    [Fact]
    public void What_a_dry_run_applied_is_not_saved_so_the_alert_applies_for_real_once_dry_run_is_off()
    {
        var dryRun = Receiver(dryRun: true);
        dryRun.Handle(Alert("aa", firing: true), "am");
        dryRun.Handle(Alert("aa", firing: true), "am"); // the same instance remembers it: a duplicate
        Assert.False(File.Exists(Path.Combine(_stateDirectory, AppliedInboundAlerts.FileName)));

        Receiver().Handle(Alert("aa", firing: true), "am"); // restarted without dry run: applied for real
        Receiver().Handle(Alert("aa", firing: true), "am"); // and saved: a duplicate after another restart

        Assert.Equal(["Firing jail:web1:maxproc:deny=10 inbound:cap", "Firing jail:web1:maxproc:deny=10 inbound:cap"], Enforced);
        Assert.Equal((2, 2), (_stats[InboundAlertResult.Applied], _stats[InboundAlertResult.Duplicate]));
        Assert.Contains("\"aa\"", File.ReadAllText(Path.Combine(_stateDirectory, AppliedInboundAlerts.FileName)));
    }

    [Theory]
    [InlineData(EnforcementOutcome.Refused, InboundAlertResult.Refused)]
    [InlineData(EnforcementOutcome.Failed, InboundAlertResult.Failed)]
    public void A_limit_the_enforcer_does_not_install_is_not_remembered_so_the_resend_tries_again(EnforcementOutcome answer, InboundAlertResult counted)
    {
        _enforcer.Answer = answer;
        Receiver().Handle(Alert("aa", firing: true), "am");
        Assert.Equal(1, _stats[counted]);
        Assert.DoesNotContain("\"aa\"", File.ReadAllText(Path.Combine(_stateDirectory, AppliedInboundAlerts.FileName)));

        _enforcer.Answer = EnforcementOutcome.Done; // the foreign limit was lifted by hand
        Receiver().Handle(Alert("aa", firing: true), "am"); // Alertmanager's resend, after a restart
        Receiver().Handle(Alert("aa", firing: false), "am");

        Assert.Equal(["Firing", "Firing", "Resolved"], _enforcer.Transitions.Select(t => t.To.ToString()));
        Assert.Equal((1, 0, 1), (_stats[InboundAlertResult.Applied], _stats[InboundAlertResult.Duplicate], _stats[InboundAlertResult.Removed]));
    }

    [Fact]
    public void A_limit_two_alerts_hold_stays_until_the_last_resolves_and_a_sticky_route_keeps_it()
    {
        var receiver = Receiver();
        receiver.Handle(Alert("aa", firing: true), "am");
        receiver.Handle(Alert("bb", firing: true), "am");
        receiver.Handle(Alert("aa", firing: false), "am");
        Assert.Equal(1, _stats[InboundAlertResult.StillHeld]);
        receiver.Handle(Alert("bb", firing: false), "am");
        Assert.Equal(1, _stats[InboundAlertResult.Removed]);
        Assert.Equal(["Firing", "Firing", "Resolved"], _enforcer.Transitions.Select(t => t.To.ToString()));

        var sticky = Receiver(sticky: true);
        sticky.Handle(Alert("cc", firing: true), "am");
        sticky.Handle(Alert("cc", firing: false), "am");
        Assert.Equal(1, _stats[InboundAlertResult.KeptSticky]);
        Assert.Equal(4, _enforcer.Transitions.Count);
    }

    [Fact]
    public void Alerts_it_cannot_act_on_change_nothing_and_are_counted()
    {
        var receiver = Receiver();
        receiver.Handle(Alert("aa", firing: true, team: "dev"), "am");      // label does not match
        receiver.Handle(Alert("bb", firing: true, jail: "elsewhere"), "am"); // not a jail of this host
        receiver.Handle(Alert("cc", firing: true, jail: "host"), "am");      // the host is no jail
        receiver.Handle(Alert("dd", firing: false), "am");                   // resolved, never applied

        Assert.Empty(_enforcer.Transitions);
        Assert.Equal((1, 2, 1), (_stats[InboundAlertResult.Unmatched], _stats[InboundAlertResult.JailNotHere], _stats[InboundAlertResult.NotApplied]));
        Assert.False(File.Exists(Path.Combine(_stateDirectory, AppliedInboundAlerts.FileName)));
    }

    [Theory]
    [InlineData("", "not JSON")]
    [InlineData("[]", "the body must be a JSON object")]
    [InlineData("""{"version": "3", "alerts": []}""", "version must be \"4\"")]
    [InlineData("""{"version": "4"}""", "alerts must be an array")]
    [InlineData("""{"alerts": [{"status": "firing", "labels": {"name": "web1"}}]}""", "alerts[0].labels has no alertname")]
    [InlineData("""{"alerts": [{"status": "firing", "labels": {"alertname": 3}}]}""", "alerts[0].labels.alertname must be a string")]
    [InlineData("""{"alerts": [{"status": "firing", "labels": {"alertname": "A"}, "startsAt": "yesterday"}]}""", "alerts[0]: startsAt and endsAt must be RFC 3339 times")]
    [InlineData("""{"alerts": [{"status": "firing", "labels": {"alertname": "A"}, "fingerprint": ""}]}""", "alerts[0].fingerprint must be a non-empty string")]
    public void A_body_that_is_not_an_Alertmanager_message_is_refused_with_the_reason(string body, string reason)
    {
        Assert.Null(WebhookMessage.TryParse(Encoding.UTF8.GetBytes(body), out string? error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Alertmanagers_zero_endsAt_is_no_time_and_a_missing_fingerprint_is_derived_from_the_labels()
    {
        const string body = """
            {"version": "4", "status": "firing", "receiver": "jm", "alerts": [
              {"status": "firing", "labels": {"alertname": "A", "name": "web1"}, "startsAt": "2024-05-01T10:00:00.123456789Z", "endsAt": "0001-01-01T00:00:00Z"},
              {"status": "resolved", "labels": {"name": "web1", "alertname": "A"}, "endsAt": "2024-05-01T10:05:00Z"}]}
            """;
        var message = WebhookMessage.TryParse(Encoding.UTF8.GetBytes(body), out string? error);
        Assert.True(message is not null, error);
        Assert.Null(message.Alerts[0].EndsAt);
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 10, 5, 0, TimeSpan.Zero), message.Alerts[1].EndsAt);
        Assert.Equal(message.Alerts[0].Fingerprint, message.Alerts[1].Fingerprint); // same label set, either order
        Assert.StartsWith("labels:", message.Alerts[0].Fingerprint, StringComparison.Ordinal);
    }
}
