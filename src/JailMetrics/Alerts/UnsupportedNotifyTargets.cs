using JailMetrics.Alerts;
using Microsoft.Extensions.Logging;

namespace JailMetrics.Service.Alerts;

/// <summary>
/// A rule may ask for <c>alertmanager</c> or <c>webhook</c> while no receiver URL is configured for it.
/// Refusing such a rule would break a config shared between hosts; saying nothing would leave an
/// operator believing they are paged. So each such rule is named once, at startup.
/// </summary>
public static class UnsupportedNotifyTargets
{
    /// <summary>The HTTP targets that have no URL to deliver to.</summary>
    public static AlertNotifyTarget[] Unconfigured(AlertmanagerOptions alertmanager, WebhookOptions webhooks) =>
    [
        .. alertmanager.Urls.Count == 0 ? [AlertNotifyTarget.Alertmanager] : Array.Empty<AlertNotifyTarget>(),
        .. webhooks.Urls.Count == 0 ? [AlertNotifyTarget.Webhook] : Array.Empty<AlertNotifyTarget>(),
    ];

    public static void Warn(IEnumerable<AlertRule> rules, IReadOnlyCollection<AlertNotifyTarget> unconfigured, ILogger logger)
    {
        foreach (var rule in rules)
            foreach (var target in rule.Notify.Intersect(unconfigured))
                logger.LogWarning("Alert rule {Rule} asks to notify {Target}, but no {Section}:Urls are configured; its alerts are still exported, logged and sent to its other targets",
                    rule.Name, target.ToString().ToLowerInvariant(), target == AlertNotifyTarget.Alertmanager ? AlertmanagerOptions.Section : WebhookOptions.Section);
    }
}
