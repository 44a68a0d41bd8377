using JailMetrics.Sampling;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace JailMetrics.Service.Configuration;

/// <summary>
/// Binds <see cref="SamplerOptions"/> by hand: the binder only knows TimeSpan's own <c>00:00:10</c>,
/// and Prometheus users write <c>10s</c>. A value that does not parse is left for
/// <see cref="SamplerOptionsValidator"/> to report.
/// </summary>
public sealed class SamplerOptionsSetup(IConfiguration configuration) : IConfigureOptions<SamplerOptions>
{
    public void Configure(SamplerOptions options)
    {
        if (Duration.TryParse(configuration[Settings.SamplingInterval.Key], out var interval)) options.Interval = interval;
        if (Duration.TryParse(configuration[Settings.SamplingSlowInterval.Key], out var slow)) options.SlowInterval = slow;
    }
}
