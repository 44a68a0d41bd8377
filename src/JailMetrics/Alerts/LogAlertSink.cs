using JailMetrics.Alerts;
using Microsoft.Extensions.Logging;

namespace JailMetrics.Service.Alerts;

/// <summary>
/// The <c>log</c> notification target: one line when an alert of a rule with <c>Notify: ["log"]</c>
/// fires or resolves, at the rule's severity, under its own category so it can be routed or kept
/// when the evaluator's category is quietened.
/// </summary>
/// <remarks>
/// The evaluator already logs every transition (pending ones too) whatever the rule says; this sink
/// adds nothing for other rules, and nothing for pending or pending-then-cleared alerts, so a rule
/// without <c>log</c> is never logged twice.
/// </remarks>
public sealed class LogAlertSink(ILogger<LogAlertSink> logger) : IAlertSink
{
    public void OnTransition(AlertTransition transition)
    {
        if (!transition.Rule.Notify.Contains(AlertNotifyTarget.Log)) return;
        if (transition.To == AlertState.Firing)
            logger.Log(LevelOf(transition.Rule.Severity), "ALERT FIRING {Rule} on jail {Jail}: {Text}; value {Value} above {Threshold}",
                transition.Rule.Name, transition.Jail, transition.Rule, transition.Value, transition.Threshold);
        else if (transition.To == AlertState.Resolved)
            logger.LogInformation("ALERT RESOLVED {Rule} on jail {Jail}: {Reason}",
                transition.Rule.Name, transition.Jail, transition.Reason);
    }

    private static LogLevel LevelOf(AlertSeverity severity) => severity switch
    {
        AlertSeverity.Critical => LogLevel.Critical,
        AlertSeverity.Info => LogLevel.Information,
        _ => LogLevel.Warning,
    };
}
