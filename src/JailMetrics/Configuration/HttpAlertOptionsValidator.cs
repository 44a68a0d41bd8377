using JailMetrics.Service.Alerts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace JailMetrics.Service.Configuration;

/// <summary>
/// Every receiver URL is absolute http(s), and every duration parses and is positive; the resend
/// interval must also leave Alertmanager's default resolve_timeout (5m) room to hear from us again.
/// </summary>
public sealed class HttpAlertOptionsValidator(IConfiguration configuration) : IValidateOptions<AlertmanagerOptions>, IValidateOptions<WebhookOptions>
{
    /// <summary>Alertmanager's default resolve_timeout: a firing alert not re-sent within it resolves by itself.</summary>
    private static readonly TimeSpan ResolveTimeout = TimeSpan.FromMinutes(5);

    public ValidateOptionsResult Validate(string? name, AlertmanagerOptions options)
    {
        var failures = new ValidateOptionsResultBuilder();
        CheckUrls(failures, AlertmanagerOptions.Section, options.Urls);
        CheckDuration(failures, AlertmanagerOptions.Section, nameof(options.Timeout));
        CheckDuration(failures, AlertmanagerOptions.Section, nameof(options.ResendInterval));
        if (options.ResendInterval >= ResolveTimeout)
            failures.AddError($"{AlertmanagerOptions.Section}:{nameof(options.ResendInterval)} must be below Alertmanager's resolve_timeout (5m), or firing alerts resolve between re-sends");
        return failures.Build();
    }

    public ValidateOptionsResult Validate(string? name, WebhookOptions options)
    {
        var failures = new ValidateOptionsResultBuilder();
        CheckUrls(failures, WebhookOptions.Section, options.Urls);
        CheckDuration(failures, WebhookOptions.Section, nameof(options.Timeout));
        return failures.Build();
    }

    private static void CheckUrls(ValidateOptionsResultBuilder failures, string section, IEnumerable<string> urls)
    {
        foreach (string url in urls)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
                failures.AddError($"{section}:Urls: '{url}' is not an absolute http:// or https:// URL");
        }
    }

    /// <summary>Reads the raw text: the setup leaves an unparsable value at its default, which would hide it.</summary>
    private void CheckDuration(ValidateOptionsResultBuilder failures, string section, string key)
    {
        string? text = configuration[$"{section}:{key}"];
        if (text is null) return;
        if (!Duration.TryParse(text, out var duration) || duration <= TimeSpan.Zero)
            failures.AddError($"{section}:{key}: '{text}' is not a positive duration such as 10s or 1m");
    }
}
