namespace JailMetrics.Sampling;

/// <summary>How often the sampler runs (config section <c>Sampling</c>).</summary>
public sealed class SamplerOptions
{
    public const string Section = "Sampling";

    /// <summary>Time between two samples. Scrapes and SNMP requests read the latest sample and never trigger one.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(10);
}
