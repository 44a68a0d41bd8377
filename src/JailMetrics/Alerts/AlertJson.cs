using System.Globalization;
using System.Text.Json.Nodes;
using JailMetrics.Alerts;

namespace JailMetrics.Service.Alerts;

/// <summary>Small pieces both HTTP sinks write the same way.</summary>
internal static class AlertJson
{
    /// <summary>RFC 3339 in UTC, as Alertmanager's Go parser and most webhook receivers expect.</summary>
    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>JSON has no NaN or infinity; a value that is not a number is sent as null rather than failing the whole body.</summary>
    public static JsonNode? Number(double value) => double.IsFinite(value) ? JsonValue.Create(value) : null;

    public static string Severity(AlertSeverity severity) => severity.ToString().ToLowerInvariant();

    /// <summary>Parses the configured URLs once; the validator has already refused bad ones.</summary>
    public static Uri[] Urls(IEnumerable<string> urls) =>
        [.. urls.Select(url => Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri : null).OfType<Uri>()];
}
