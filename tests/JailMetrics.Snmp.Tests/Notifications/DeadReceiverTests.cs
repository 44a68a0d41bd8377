using System.Diagnostics;
using JailMetrics.Snmp.Notifications;
using JailMetrics.Snmp.Protocol;

using JailMetrics.Testing.NetSnmp;

namespace JailMetrics.Snmp.Tests.Notifications;

/// <summary>
/// An inform target that never answers: retried with exponential backoff, then counted as failed,
/// while <see cref="INotificationSender.TrySend"/> stays instant and other targets keep receiving.
/// </summary>
public sealed class DeadReceiverTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(200);
    private const int Retries = 3;

    [Fact]
    public async Task An_unanswered_inform_is_retried_with_backoff_then_failed_while_nothing_else_stalls()
    {
        using var dead = new SilentReceiver();
        await using var trapd = await Snmptrapd.StartAsync("authCommunity log public");
        await using var sender = await RunningSender.StartAsync(
            new NotificationTargetOptions { Name = "dead", Address = dead.Address, Community = "public", Inform = true, Timeout = Timeout, Retries = Retries },
            new NotificationTargetOptions { Name = "live", Address = trapd.Address, Community = "public" });

        // Five events in a burst: each TrySend returns at once although the dead target will sit on each inform for seconds.
        var calls = Stopwatch.StartNew();
        for (ulong i = 0; i < 5; i++) Assert.True(sender.Sender.TrySend(TestNotifications.JailStarted($"jail{i}", i)));
        calls.Stop();
        Assert.True(calls.Elapsed < TimeSpan.FromMilliseconds(100), $"5 TrySend calls took {calls.Elapsed.TotalMilliseconds} ms");

        // The live receiver gets all five traps while the dead target is still retrying its first inform.
        foreach (ulong i in Enumerable.Range(0, 5).Select(i => (ulong)i))
            await trapd.WaitForAsync(n => n.VarBinds.Contains($".1.3.6.1.4.1.32473.1.2.1.2.7 = STRING: \"jail{i}\""), TimeSpan.FromSeconds(5));
        Assert.Equal(0, sender.Stats["dead"].InformsFailed);
        Assert.Equal(5, sender.Stats["live"].TrapsSent);

        // 200 + 400 + 800 + 1600 ms later the first inform is given up.
        await sender.WaitUntilAsync(s => s["dead"].InformsFailed >= 1, TimeSpan.FromSeconds(10));
        var first = dead.Received.Where(r => r.Message.Pdu.RequestId == dead.Received[0].Message.Pdu.RequestId).ToList();
        Assert.Equal(1 + Retries, first.Count);
        Assert.All(first, r => Assert.Equal(PduType.InformRequest, r.Message.Pdu.Type));
        // Arrival times are taken on the receiving side, so one late wake-up under load can shorten a
        // single gap; the span from the first transmission to the last has that jitter only at its ends.
        var span = first[Retries].At - first[0].At;
        var expectedSpan = Enumerable.Range(1, Retries).Aggregate(TimeSpan.Zero, (sum, retry) => sum + Timeout * Math.Pow(2, retry - 1));
        Assert.True(span >= expectedSpan * 0.9, $"the {Retries} retries took {span.TotalMilliseconds} ms in all; expected at least {expectedSpan.TotalMilliseconds} ms");
        for (int retry = 1; retry <= Retries; retry++)
        {
            var gap = first[retry].At - first[retry - 1].At;
            var expected = Timeout * Math.Pow(2, retry - 1);
            // 0.75 of the doubled timeout: the last gap (≥ 600 ms) cannot pass without the backoff (200 ms each).
            Assert.True(gap >= expected * 0.75, $"retry {retry} came {gap.TotalMilliseconds} ms after the previous transmission; expected about {expected.TotalMilliseconds} ms");
        }
        Assert.True(sender.Stats["dead"].InformRetransmissions >= Retries, sender.Stats.ToString());
        Assert.Equal(0, sender.Stats["dead"].InformsAcknowledged);
        Assert.Equal(0, sender.Stats["dead"].Dropped);
    }

    [Fact]
    public async Task A_full_queue_drops_the_oldest_and_counts_it_without_blocking()
    {
        using var dead = new SilentReceiver();
        await using var sender = await RunningSender.StartAsync(new NotificationOptions
        {
            SendColdStart = false,
            QueueCapacity = 2,
            Targets = [new NotificationTargetOptions { Name = "dead", Address = dead.Address, Community = "public", Inform = true, Timeout = TimeSpan.FromSeconds(5), Retries = 0 }],
        });

        var calls = Stopwatch.StartNew();
        for (ulong i = 0; i < 10; i++) Assert.True(sender.Sender.TrySend(TestNotifications.JailStarted($"jail{i}", i)));
        Assert.True(calls.Elapsed < TimeSpan.FromMilliseconds(100), $"10 TrySend calls took {calls.Elapsed.TotalMilliseconds} ms");

        // The worker holds at most one inform in flight, the queue two; the rest were dropped, oldest first.
        long dropped = sender.Stats["dead"].Dropped;
        Assert.InRange(dropped, 7, 8);
    }

    [Fact]
    public async Task An_inform_answered_on_its_third_transmission_is_acknowledged_after_two_retransmissions()
    {
        using var flaky = new SilentReceiver(answer: transmission => transmission == 3);
        await using var sender = await RunningSender.StartAsync(
            new NotificationTargetOptions { Name = "flaky", Address = flaky.Address, Community = "public", Inform = true, Timeout = TimeSpan.FromMilliseconds(100), Retries = 3 });

        Assert.True(sender.Sender.TrySend(TestNotifications.JailStarted("web", 1)));

        await sender.WaitUntilAsync(s => s["flaky"].InformsAcknowledged == 1, TimeSpan.FromSeconds(5));
        Assert.Equal(2, sender.Stats["flaky"].InformRetransmissions);
        Assert.Equal(0, sender.Stats["flaky"].InformsFailed);
        Assert.Single(flaky.Received.Select(r => r.Message.Pdu.RequestId).Distinct()); // retransmissions keep the request-id
    }
}
