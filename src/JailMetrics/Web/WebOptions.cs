namespace JailMetrics.Service.Web;

/// <summary>Where the HTTP server listens and serves metrics (config section <c>Web</c>).</summary>
public sealed class WebOptions
{
    public const string Section = "Web";

    /// <summary>The port Prometheus' allocation list gives jail_exporter, on loopback only: exposing it is a choice.</summary>
    public const string DefaultListenAddress = "127.0.0.1:9452";

    public const string DefaultTelemetryPath = "/metrics";

    /// <summary>Addresses to listen on; empty means <see cref="DefaultListenAddress"/>.</summary>
    /// <remarks>Not initialized with the default: the configuration binder appends to a list, it does not replace it.</remarks>
    public List<string> ListenAddresses { get; set; } = [];

    public string TelemetryPath { get; set; } = DefaultTelemetryPath;

    /// <summary>The exporter-toolkit web configuration file (TLS, basic auth, headers); null serves plain HTTP to anyone.</summary>
    public string? ConfigFile { get; set; }

    public IReadOnlyList<string> EffectiveListenAddresses => ListenAddresses.Count == 0 ? [DefaultListenAddress] : ListenAddresses;
}
