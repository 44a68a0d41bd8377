using JailMetrics.Snmp.Notifications;

namespace JailMetrics.Tests.Alerts;

/// <summary>Keeps every notification raised, in order, instead of sending it.</summary>
internal sealed class RecordingNotificationSender : INotificationSender
{
    private readonly List<Notification> _sent = [];

    public IReadOnlyList<Notification> Sent { get { lock (_sent) return [.. _sent]; } }

    public bool TrySend(Notification notification)
    {
        lock (_sent) _sent.Add(notification);
        return true;
    }
}
