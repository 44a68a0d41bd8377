using JailMetrics.State;
using Microsoft.Extensions.Options;

namespace JailMetrics.Service.Configuration;

/// <summary>The state directory is named and is not a file; it is created on first use.</summary>
public sealed class StateOptionsValidator : IValidateOptions<StateOptions>
{
    public ValidateOptionsResult Validate(string? name, StateOptions options)
    {
        string key = Settings.StateDirectory.DisplayName;
        if (string.IsNullOrWhiteSpace(options.Directory))
            return ValidateOptionsResult.Fail($"{key}: must name a directory");
        if (File.Exists(options.Directory))
            return ValidateOptionsResult.Fail($"{key}: '{options.Directory}' is a file, not a directory");
        return ValidateOptionsResult.Success;
    }
}
