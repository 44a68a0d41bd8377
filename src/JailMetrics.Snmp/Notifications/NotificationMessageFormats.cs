using JailMetrics.Snmp.Protocol;
using JailMetrics.Snmp.Security;

namespace JailMetrics.Snmp.Notifications;

/// <summary>Picks a target's message format from its version (RFC 3412 §4.1: one message processing model per target).</summary>
internal static class NotificationMessageFormats
{
    public static INotificationMessageFormat For(NotificationTarget target, RequestIdSource requestIds, EngineState? engine, SaltGenerator salts, TimeProvider time) =>
        target.Version == SnmpVersion.V2c
            ? new CommunityNotificationFormat(target.Community, requestIds)
            : new UsmNotificationFormat(target, requestIds, engine, salts, time);
}
