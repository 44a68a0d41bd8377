using JailMetrics.Service.Web;
using Microsoft.Extensions.Options;

namespace JailMetrics.Service.Configuration;

/// <summary>Every listen address parses, and the telemetry path is a path of its own (not the landing page).</summary>
public sealed class WebOptionsValidator : IValidateOptions<WebOptions>
{
    public ValidateOptionsResult Validate(string? name, WebOptions options)
    {
        var failures = new ValidateOptionsResultBuilder();
        foreach (string text in options.EffectiveListenAddresses)
        {
            if (!ListenAddress.TryParse(text, out _, out string? error))
                failures.AddError($"{Settings.ListenAddresses.DisplayName}: {error}");
        }
        int distinct = options.EffectiveListenAddresses.Distinct(StringComparer.OrdinalIgnoreCase).Count();
        if (distinct != options.EffectiveListenAddresses.Count)
            failures.AddError($"{Settings.ListenAddresses.DisplayName}: an address is given twice");

        string path = options.TelemetryPath;
        if (string.IsNullOrEmpty(path) || path[0] != '/' || path == "/" || path.Any(c => char.IsWhiteSpace(c) || c is '?' or '#'))
            failures.AddError($"{Settings.TelemetryPath.DisplayName}: '{path}' must be a path such as /metrics (starting with /, not / itself, no spaces, ? or #)");
        return failures.Build();
    }
}
