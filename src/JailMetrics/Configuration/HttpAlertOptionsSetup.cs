using JailMetrics.Service.Alerts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace JailMetrics.Service.Configuration;

/// <summary>
/// Binds <see cref="AlertmanagerOptions"/> and <see cref="WebhookOptions"/> by hand: the binder only
/// knows TimeSpan's own <c>00:01:00</c>, and Prometheus users write <c>1m</c>. A duration that does
/// not parse is left at its default for <see cref="HttpAlertOptionsValidator"/> to report.
/// </summary>
public sealed class HttpAlertOptionsSetup(IConfiguration configuration) : IConfigureOptions<AlertmanagerOptions>, IConfigureOptions<WebhookOptions>
{
    public void Configure(AlertmanagerOptions options)
    {
        var section = configuration.GetSection(AlertmanagerOptions.Section);
        options.Urls = Urls(section);
        if (Duration.TryParse(section[nameof(options.ResendInterval)], out var resend)) options.ResendInterval = resend;
        if (Duration.TryParse(section[nameof(options.Timeout)], out var timeout)) options.Timeout = timeout;
    }

    public void Configure(WebhookOptions options)
    {
        var section = configuration.GetSection(WebhookOptions.Section);
        options.Urls = Urls(section);
        if (Duration.TryParse(section[nameof(options.Timeout)], out var timeout)) options.Timeout = timeout;
    }

    /// <summary>A list (<c>Urls:0</c>, <c>Urls:1</c> …) or, for the common case of one receiver, a plain string.</summary>
    private static List<string> Urls(IConfigurationSection section)
    {
        var urls = section.GetSection("Urls");
        return urls.Value is { Length: > 0 } single ? [single] : [.. urls.GetChildren().Select(c => c.Value).OfType<string>()];
    }
}
