namespace JailMetrics.Snmp.Notifications;

/// <summary>
/// Originates SNMP notifications (RFC 3413 §3.2) to every configured target. What the service, the
/// jail watcher and the alert engine call: never blocks, never throws for delivery problems, so a
/// slow or absent receiver cannot delay sampling or polling.
/// </summary>
public interface INotificationSender
{
    /// <summary>
    /// Queues <paramref name="notification"/> for every target and returns at once; sysUpTime.0 is
    /// taken now, when the event happened, not when a target gets to it. A full target queue drops
    /// its oldest entry to make room (counted as dropped). False when nothing was queued: there are
    /// no targets, or the sender has stopped.
    /// </summary>
    bool TrySend(Notification notification);
}
