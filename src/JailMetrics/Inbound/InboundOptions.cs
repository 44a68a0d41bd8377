namespace JailMetrics.Service.Inbound;

/// <summary>
/// The Alertmanager webhook receiver (config section <c>Inbound</c>): which alerts from Prometheus'
/// rules enforce which limit. With no <see cref="Routes"/> the endpoint is not mapped at all.
/// </summary>
public sealed class InboundOptions
{
    public const string Section = "Inbound";

    /// <summary>Where Alertmanager's <c>webhook_configs</c> url points, on the service's HTTP port.</summary>
    public const string Path = "/api/v1/alertmanager/webhook";

    public List<InboundRouteOptions> Routes { get; set; } = [];

    /// <summary>Webhook bodies waiting for the worker; a full queue answers 503, which Alertmanager retries.</summary>
    public int QueueCapacity { get; set; } = 256;

    /// <summary>The largest body accepted; a bigger one is answered 413 and not read further.</summary>
    public int MaxBodyBytes { get; set; } = 1 << 20;
}

/// <summary>
/// One mapping from alerts Alertmanager sends to the enforcement they trigger:
/// <code>
/// { "Name": "mem-hog", "Alertname": "JailMemoryHigh", "Labels": { "severity": "critical" },
///   "JailLabel": "name", "Enforce": "jail:$name:memoryuse:deny=1g", "Sticky": false }
/// </code>
/// Every route that matches an alert applies; each is tracked on its own.
/// </summary>
public sealed class InboundRouteOptions
{
    /// <summary>Unique; names the route in logs and in the state file.</summary>
    public string? Name { get; set; }

    /// <summary>The alert's <c>alertname</c> label must equal this.</summary>
    public string? Alertname { get; set; }

    /// <summary>Further labels the alert must carry with exactly these values.</summary>
    public Dictionary<string, string> Labels { get; set; } = [];

    /// <summary>The label holding the jail's name; default <c>name</c>, the jail label of every jail_* series.</summary>
    public string JailLabel { get; set; } = "name";

    /// <summary>The rctl rule to install while the alert fires, as an alert rule's <c>Enforce</c>: <c>jail:$name:pcpu:deny=50</c>.</summary>
    public string? Enforce { get; set; }

    /// <summary>Leave the limit in place when the alert resolves.</summary>
    public bool Sticky { get; set; }
}
