namespace JailMetrics.Service.Alerts;

/// <summary>Where rules with <c>Notify: ["alertmanager"]</c> are sent (section <c>Alertmanager</c>).</summary>
public sealed class AlertmanagerOptions
{
    public const string Section = "Alertmanager";

    /// <summary>Base URLs of Alertmanagers (<c>http://am:9093</c>); each gets every alert, as Prometheus does for an HA pair.</summary>
    public List<string> Urls { get; set; } = [];

    /// <summary>
    /// How often a firing alert is sent again. Alertmanager resolves an alert it has not heard of for
    /// its resolve_timeout (5m by default), so this must stay well below that.
    /// </summary>
    public TimeSpan ResendInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>One POST's time limit; a slow receiver only delays the delivery queue, never sampling.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>Where rules with <c>Notify: ["webhook"]</c> are sent (section <c>Webhooks</c>).</summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>URLs each firing and resolved transition is POSTed to.</summary>
    public List<string> Urls { get; set; } = [];

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
}
