namespace JailMetrics.Alerts;

/// <summary>How urgent an alert is: the <c>severity</c> label Alertmanager routes and NMS filters select on.</summary>
public enum AlertSeverity
{
    Info,
    Warning,
    Critical,
}
