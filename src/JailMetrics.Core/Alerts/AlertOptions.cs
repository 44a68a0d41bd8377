namespace JailMetrics.Alerts;

/// <summary>The alert rules in the configuration (section <c>Alerts</c>, array <c>Rules</c>).</summary>
public sealed class AlertOptions
{
    public const string Section = "Alerts";

    public List<AlertRuleOptions> Rules { get; set; } = [];
}
