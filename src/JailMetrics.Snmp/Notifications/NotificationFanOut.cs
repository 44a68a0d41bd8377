namespace JailMetrics.Snmp.Notifications;

/// <summary>
/// One <see cref="INotificationSender"/> for the raisers of notifications (jail lifecycle, alerts)
/// that hands each one to every configured way out: the service's own targets, and the AgentX
/// master when the service runs as a sub-agent.
/// </summary>
public sealed class NotificationFanOut(IReadOnlyList<INotificationSender> senders) : INotificationSender
{
    /// <summary>True when at least one way out took the notification.</summary>
    public bool TrySend(Notification notification)
    {
        bool taken = false;
        foreach (var sender in senders) taken |= sender.TrySend(notification);
        return taken;
    }
}
