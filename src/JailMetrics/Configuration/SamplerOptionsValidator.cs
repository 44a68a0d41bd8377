using JailMetrics.Sampling;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace JailMetrics.Service.Configuration;

/// <summary>The sample interval is a duration, and not so short that sampling would eat the host; the slow interval is a duration, 0 or not shorter than it.</summary>
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
        string slowKey = Settings.SamplingSlowInterval.DisplayName;
        string? slowRaw = configuration[Settings.SamplingSlowInterval.Key];
        if (slowRaw is not null && !Duration.TryParse(slowRaw, out _))
            return ValidateOptionsResult.Fail($"{slowKey}: '{slowRaw}' is not a duration; write it as 0s, 30s, 1m or 00:01:00");
        // Only a slow interval that was given can be wrong: the default (1m) under a longer sample
        // interval simply means every sample is a full one.
        if (slowRaw is not null && options.SlowInterval != TimeSpan.Zero && options.SlowInterval < options.Interval)
            return ValidateOptionsResult.Fail($"{slowKey}: {Duration.Format(options.SlowInterval)} is shorter than {key} ({Duration.Format(options.Interval)}); " +
                "write 0s to read everything every sample");
        return ValidateOptionsResult.Success;
    }
}
