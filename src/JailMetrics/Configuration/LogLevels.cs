using Microsoft.Extensions.Logging;

namespace JailMetrics.Service.Configuration;

/// <summary>
/// Log levels by the names Prometheus exporters use (<c>debug</c>, <c>info</c>, <c>warn</c>, <c>error</c>)
/// as well as .NET's (<c>Information</c>, <c>Warning</c> …).
/// </summary>
public static class LogLevels
{
    private static readonly Dictionary<string, LogLevel> ExporterNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["debug"] = LogLevel.Debug,
        ["info"] = LogLevel.Information,
        ["warn"] = LogLevel.Warning,
        ["error"] = LogLevel.Error,
    };

    public static bool TryParse(string? text, out LogLevel level)
    {
        level = LogLevel.Information;
        if (string.IsNullOrWhiteSpace(text)) return false;
        if (ExporterNames.TryGetValue(text.Trim(), out level)) return true;
        return Enum.TryParse(text.Trim(), ignoreCase: true, out level) && Enum.IsDefined(level) && !int.TryParse(text, out _);
    }

    /// <summary>Rewrites every <c>Logging:LogLevel:*</c> value to .NET's name, or fails naming the bad one.</summary>
    public static void Normalize(IDictionary<string, string?> configuration)
    {
        foreach (var key in configuration.Keys.ToList())
        {
            if (!key.StartsWith("Logging:LogLevel:", StringComparison.OrdinalIgnoreCase)) continue;
            string? value = configuration[key];
            if (!TryParse(value, out var level))
                throw new ConfigurationException($"{Settings.Describe(key)}: '{value}' is not a log level; use debug, info, warn or error");
            configuration[key] = level.ToString();
        }
    }
}
