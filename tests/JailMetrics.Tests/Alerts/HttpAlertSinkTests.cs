using System.Text.Json.Nodes;
using JailMetrics.Alerts;
using JailMetrics.Service.Alerts;
using Microsoft.Extensions.Logging.Abstractions;

namespace JailMetrics.Tests.Alerts;

/// <summary>
/// The Alertmanager and webhook sinks against an in-process receiver: what they POST, when they
/// re-send, how they retry and count, and that enqueuing never waits on the receiver.
/// </summary>
public sealed class HttpAlertSinkTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private static readonly DateTimeOffset Start = DateTimeOffset.Parse("2026-01-02T03:04:05Z");

    internal static AlertRule Rule(params string[] notify) =>
        AlertRuleParser.Parse([new AlertRuleOptions
        {
            Name = "too-many-procs", Rule = "jail:web*:maxproc:alert=100", Severity = "critical", Notify = [.. notify],
        }]).Rules.Single();

    internal static AlertTransition Transition(AlertRule rule, AlertState from, AlertState to, DateTimeOffset at) =>
        new(rule, "web1", from, to, 150, 100, at, "test", null);

    private static HttpDelivery Delivery(int attempts = 3) =>
        new("test", TimeSpan.FromSeconds(5), NullLogger.Instance, attempts, TimeSpan.FromMilliseconds(20));

    private static async Task Eventually(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail("condition not met in time");
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task Alertmanager_gets_the_v2_payload_when_firing_and_endsAt_now_when_resolved()
    {
        await using var receiver = await RecordingReceiver.StartAsync();
        var clock = new ManualClock(Start);
        await using var sink = new AlertmanagerAlertSink(
            new AlertmanagerOptions { Urls = [receiver.Url + "/"], ResendInterval = TimeSpan.Zero }, clock, Delivery());
        var rule = Rule("alertmanager");

        sink.OnTransition(Transition(rule, AlertState.Pending, AlertState.Firing, Start));
        clock.Advance(TimeSpan.FromMinutes(3));
        sink.OnTransition(Transition(rule, AlertState.Firing, AlertState.Resolved, clock.GetUtcNow()));
        await Eventually(() => receiver.Received.Count == 2);

        var (path, firingBody) = receiver.Received[0];
        Assert.Equal("/api/v2/alerts", path);
        var firing = Assert.Single(firingBody.AsArray())!;
        var labels = firing["labels"]!;
        Assert.Equal("too-many-procs", (string?)labels["alertname"]);
        Assert.Equal("web1", (string?)labels["name"]);
        Assert.Equal("critical", (string?)labels["severity"]);
        Assert.Equal("too-many-procs", (string?)labels["rule"]);
        Assert.Equal(Environment.MachineName, (string?)labels["instance"]);
        Assert.NotNull(firing["annotations"]!["summary"]);
        Assert.NotNull(firing["annotations"]!["description"]);
        Assert.Equal("2026-01-02T03:04:05.000Z", (string?)firing["startsAt"]);
        Assert.Null(firing["endsAt"]);

        var resolved = Assert.Single(receiver.Received[1].Body.AsArray())!;
        Assert.Equal("2026-01-02T03:04:05.000Z", (string?)resolved["startsAt"]);
        Assert.Equal("2026-01-02T03:07:05.000Z", (string?)resolved["endsAt"]);
    }

    [Fact]
    public async Task Alertmanager_is_sent_firing_alerts_again_until_they_resolve()
    {
        await using var receiver = await RecordingReceiver.StartAsync();
        await using var sink = new AlertmanagerAlertSink(
            new AlertmanagerOptions { Urls = [receiver.Url], ResendInterval = TimeSpan.FromMilliseconds(100) }, TimeProvider.System, Delivery());
        var rule = Rule("alertmanager");

        sink.OnTransition(Transition(rule, AlertState.Pending, AlertState.Firing, Start));
        await Eventually(() => receiver.Received.Count >= 3);
        Assert.All(receiver.Received, r => Assert.Null(r.Body[0]!["endsAt"]));

        sink.OnTransition(Transition(rule, AlertState.Firing, AlertState.Resolved, DateTimeOffset.UtcNow));
        await Eventually(() => receiver.Received.Any(r => r.Body[0]!["endsAt"] is not null));
        await Task.Delay(300); // several resend periods: nothing is firing, so nothing more is sent
        Assert.NotNull(receiver.Received[^1].Body[0]!["endsAt"]);
    }

    [Fact]
    public async Task Only_rules_asking_for_the_target_and_only_firing_or_resolved_transitions_are_sent()
    {
        await using var receiver = await RecordingReceiver.StartAsync();
        var delivery = Delivery();
        await using var sink = new WebhookAlertSink(new WebhookOptions { Urls = [receiver.Url + "/hook"] }, delivery);

        sink.OnTransition(Transition(Rule("snmp"), AlertState.Pending, AlertState.Firing, Start));
        sink.OnTransition(Transition(Rule("webhook"), AlertState.Inactive, AlertState.Pending, Start));
        sink.OnTransition(Transition(Rule("webhook"), AlertState.Pending, AlertState.Inactive, Start));
        sink.OnTransition(Transition(Rule("webhook"), AlertState.Pending, AlertState.Firing, Start));
        await Eventually(() => delivery.Sent == 1);
        await Task.Delay(100);
        Assert.Single(receiver.Received);
    }

    [Fact]
    public async Task Webhook_gets_one_object_per_transition()
    {
        await using var receiver = await RecordingReceiver.StartAsync();
        var delivery = Delivery();
        await using var sink = new WebhookAlertSink(new WebhookOptions { Urls = [receiver.Url + "/hook"] }, delivery);
        var rule = Rule("webhook");

        sink.OnTransition(Transition(rule, AlertState.Pending, AlertState.Firing, Start));
        sink.OnTransition(Transition(rule, AlertState.Firing, AlertState.Resolved, Start.AddMinutes(1)));
        await Eventually(() => receiver.Received.Count == 2);

        var (path, firing) = receiver.Received[0];
        Assert.Equal("/hook", path);
        Assert.Equal("firing", (string?)firing["status"]);
        Assert.Equal("too-many-procs", (string?)firing["rule"]);
        Assert.Equal("web1", (string?)firing["jail"]);
        Assert.Equal("critical", (string?)firing["severity"]);
        Assert.Equal(150, (double)firing["value"]!);
        Assert.Equal(100, (double)firing["threshold"]!);
        Assert.Equal("2026-01-02T03:04:05.000Z", (string?)firing["startsAt"]);
        Assert.Null(firing["endsAt"]);

        var resolved = receiver.Received[1].Body;
        Assert.Equal("resolved", (string?)resolved["status"]);
        Assert.Equal("2026-01-02T03:04:05.000Z", (string?)resolved["startsAt"]);
        Assert.Equal("2026-01-02T03:05:05.000Z", (string?)resolved["endsAt"]);
        Assert.Equal(2, delivery.Sent);
    }

    [Fact]
    public async Task A_5xx_is_retried_a_bounded_number_of_times_then_counted_failed()
    {
        await using var receiver = await RecordingReceiver.StartAsync();
        receiver.Status = 503;
        var delivery = Delivery(attempts: 3);
        await using var sink = new WebhookAlertSink(new WebhookOptions { Urls = [receiver.Url] }, delivery);

        sink.OnTransition(Transition(Rule("webhook"), AlertState.Pending, AlertState.Firing, Start));
        await Eventually(() => delivery.Failed == 1);
        Assert.Equal(3, receiver.Requests);
        Assert.Equal(0, delivery.Sent);
    }

    [Fact]
    public async Task A_4xx_is_not_retried()
    {
        await using var receiver = await RecordingReceiver.StartAsync();
        receiver.Status = 400;
        var delivery = Delivery(attempts: 3);
        await using var sink = new WebhookAlertSink(new WebhookOptions { Urls = [receiver.Url] }, delivery);

        sink.OnTransition(Transition(Rule("webhook"), AlertState.Pending, AlertState.Firing, Start));
        await Eventually(() => delivery.Failed == 1);
        Assert.Equal(1, receiver.Requests);
    }

    [Fact]
    public async Task A_receiver_that_recovers_gets_the_alert_on_a_retry()
    {
        await using var receiver = await RecordingReceiver.StartAsync();
        receiver.Status = 500;
        var delivery = new HttpDelivery("test", TimeSpan.FromSeconds(5), NullLogger.Instance, attempts: 5, TimeSpan.FromMilliseconds(200));
        await using var sink = new WebhookAlertSink(new WebhookOptions { Urls = [receiver.Url] }, delivery);

        sink.OnTransition(Transition(Rule("webhook"), AlertState.Pending, AlertState.Firing, Start));
        await Eventually(() => receiver.Requests >= 1);
        receiver.Status = 200;
        await Eventually(() => delivery.Sent == 1);
        Assert.Equal(0, delivery.Failed);
    }

    [Fact]
    public async Task Enqueueing_never_waits_on_a_stalled_receiver_and_the_queue_stays_bounded()
    {
        await using var receiver = await RecordingReceiver.StartAsync();
        receiver.Stall = true;
        var delivery = new HttpDelivery("test", TimeSpan.FromSeconds(30), NullLogger.Instance, attempts: 1, capacity: 10);
        await using var sink = new WebhookAlertSink(new WebhookOptions { Urls = [receiver.Url] }, delivery);
        var rule = Rule("webhook");

        var timer = System.Diagnostics.Stopwatch.StartNew();
        for (int i = 0; i < 1000; i++)
            sink.OnTransition(Transition(rule, AlertState.Pending, AlertState.Firing, Start));
        timer.Stop();

        Assert.True(timer.Elapsed < TimeSpan.FromSeconds(2), $"1000 transitions took {timer.Elapsed}");
        // One is in flight, at most ten wait; the rest were dropped, oldest first.
        Assert.InRange(delivery.Dropped, 1000 - 11, 1000 - 10);
        receiver.Stall = false;
    }

    [Fact]
    public async Task An_unreachable_receiver_is_counted_failed()
    {
        int port;
        using (var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        }
        var delivery = Delivery(attempts: 2);
        await using var sink = new WebhookAlertSink(new WebhookOptions { Urls = [$"http://127.0.0.1:{port}/"] }, delivery);

        sink.OnTransition(Transition(Rule("webhook"), AlertState.Pending, AlertState.Firing, Start));
        await Eventually(() => delivery.Failed == 1);
    }
}
