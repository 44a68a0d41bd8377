namespace JailMetrics.Snmp.Notifications;

/// <summary>A notification target's configuration cannot work; the message names the target and the field.</summary>
public sealed class NotificationConfigurationException : Exception
{
    public NotificationConfigurationException(string message) : base(message) { }

    public NotificationConfigurationException(string message, Exception inner) : base(message, inner) { }
}
