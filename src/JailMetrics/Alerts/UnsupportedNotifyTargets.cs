using JailMetrics.Alerts;
using Microsoft.Extensions.Logging;

namespace JailMetrics.Service.Alerts;

/// <summary>
/// The rule grammar accepts <c>alertmanager</c> and <c>webhook</c>, but this version has no sink for
/// them yet. Refusing them would break configs written for the next version; saying nothing would
/// leave an operator believing they are paged. So each such rule is named once, at startup.
/// </summary>
public static class UnsupportedNotifyTargets
{
    private static readonly AlertNotifyTarget[] WithoutSink = [AlertNotifyTarget.Alertmanager, AlertNotifyTarget.Webhook];

    public static void Warn(IEnumerable<AlertRule> rules, ILogger logger)
    {
        foreach (var rule in rules)
            foreach (var target in rule.Notify.Intersect(WithoutSink))
                logger.LogWarning("Alert rule {Rule} asks to notify {Target}, which this version does not deliver to; its alerts are still exported, logged and sent to its other targets",
                    rule.Name, target.ToString().ToLowerInvariant());
    }
}
