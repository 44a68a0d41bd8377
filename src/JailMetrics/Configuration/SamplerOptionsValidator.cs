using JailMetrics.Sampling;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace JailMetrics.Service.Configuration;

/// <summary>The sample interval is a duration, and not so short that sampling would eat the host.</summary>
public sealed class SamplerOptionsValidator(IConfiguration configuration) : IValidateOptions<SamplerOptions>
{
    public static readonly TimeSpan MinimumInterval = TimeSpan.FromMilliseconds(100);

    public ValidateOptionsResult Validate(string? name, SamplerOptions options)
    {
        string key = Settings.SamplingInterval.DisplayName;
        string? raw = configuration[Settings.SamplingInterval.Key];
        if (raw is not null && !Duration.TryParse(raw, out _))
            return ValidateOptionsResult.Fail($"{key}: '{raw}' is not a duration; write it as 500ms, 10s, 1m or 00:00:10");
        if (options.Interval < MinimumInterval)
            return ValidateOptionsResult.Fail($"{key}: {Duration.Format(options.Interval)} is too short; it must be at least {Duration.Format(MinimumInterval)}");
        return ValidateOptionsResult.Success;
    }
}
