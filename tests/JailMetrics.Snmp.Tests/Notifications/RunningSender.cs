using JailMetrics.Snmp.Notifications;
using JailMetrics.Snmp.Security;
using Microsoft.Extensions.Logging.Abstractions;

namespace JailMetrics.Snmp.Tests.Notifications;

/// <summary>A started <see cref="NotificationSender"/> for a test; stopped and disposed at the end.</summary>
internal sealed class RunningSender : IAsyncDisposable
{
    private RunningSender(NotificationSender sender) => Sender = sender;

    public NotificationSender Sender { get; }

    public NotificationStats Stats => Sender.Stats;

    public static async Task<RunningSender> StartAsync(NotificationOptions options, EngineState? engine = null)
    {
        var sender = new NotificationSender(options, NotificationTarget.FromOptions(options), NullLogger.Instance, engine);
        await sender.StartAsync(CancellationToken.None);
        return new RunningSender(sender);
    }

    public static Task<RunningSender> StartAsync(params NotificationTargetOptions[] targets) =>
        StartAsync(new NotificationOptions { Targets = [.. targets], SendColdStart = false });

    /// <summary>Polls until <paramref name="condition"/> holds, failing after <paramref name="timeout"/>.</summary>
    public async Task WaitUntilAsync(Func<NotificationStats, bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition(Stats))
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"condition not reached within {timeout.TotalSeconds} s; stats: {Stats}");
            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Sender.StopAsync(CancellationToken.None);
        Sender.Dispose();
    }
}
