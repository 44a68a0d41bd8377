using JailMetrics.Snmp.Notifications;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace JailMetrics.Snmp.Tests.Notifications;

/// <summary>The sender's contract apart from any receiver: what TrySend answers, and that a target survives its errors.</summary>
public sealed class NotificationSenderTests
{
    [Fact]
    public async Task TrySend_is_false_without_targets_and_after_stop()
    {
        using var none = new NotificationSender(Options.Create(new NotificationOptions()), NullLogger<NotificationSender>.Instance);
        Assert.False(none.TrySend(TestNotifications.JailStarted("a", 1)));

        using var receiver = new SilentReceiver();
        var sender = await RunningSender.StartAsync(new NotificationTargetOptions { Name = "nms", Address = receiver.Address, Community = "public" });
        Assert.True(sender.Sender.TrySend(TestNotifications.JailStarted("a", 1)));
        await sender.DisposeAsync();
        Assert.False(sender.Sender.TrySend(TestNotifications.JailStarted("a", 2)));
    }

    [Fact]
    public void The_hosting_constructor_builds_the_targets_from_options()
    {
        var options = new NotificationOptions
        {
            Targets =
            [
                new NotificationTargetOptions { Name = "a", Address = "192.0.2.1", Community = "public" },
                new NotificationTargetOptions { Name = "b", Address = "192.0.2.2:1162", Community = "public", Inform = true },
            ],
        };
        using var sender = new NotificationSender(Options.Create(options), NullLogger<NotificationSender>.Instance);
        Assert.Equal(["a", "b"], sender.Stats.Targets.Select(t => t.Target));
    }

    [Fact]
    public async Task A_target_whose_name_does_not_resolve_counts_send_errors_and_keeps_going()
    {
        // RFC 6761 §6.4: names under .invalid never resolve.
        await using var sender = await RunningSender.StartAsync(
            new NotificationTargetOptions { Name = "nowhere", Address = "nms.invalid", Community = "public" });

        Assert.True(sender.Sender.TrySend(TestNotifications.JailStarted("a", 1)));
        await sender.WaitUntilAsync(s => s["nowhere"].SendErrors == 1, TimeSpan.FromSeconds(20));
        Assert.True(sender.Sender.TrySend(TestNotifications.JailStarted("a", 2)));
        await sender.WaitUntilAsync(s => s["nowhere"].SendErrors == 2, TimeSpan.FromSeconds(20));
        Assert.Equal(0, sender.Stats["nowhere"].TrapsSent);
    }
}
