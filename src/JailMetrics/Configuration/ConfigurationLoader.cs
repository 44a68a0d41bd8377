using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace JailMetrics.Service.Configuration;

/// <summary>
/// Builds the service's configuration from, lowest precedence first: built-in defaults, the JSON
/// file (<c>--config.file</c>), environment variables (<c>JAILMETRICS_</c>, <c>__</c> between
/// sections), and flags. A file that cannot be read stops here with its path, line and reason.
/// </summary>
public static class ConfigurationLoader
{
    /// <summary>Defaults that are not an options class's own: a quiet web server unless asked.</summary>
    private static readonly KeyValuePair<string, string?>[] Defaults =
    [
        new("Logging:LogLevel:Default", "Information"),
        new("Logging:LogLevel:Microsoft.AspNetCore", "Warning"),
        // The host logs a failed start with its stack trace; the service prints the reason in one line
        // instead (ServiceRunner). Critical still shows a hosted service that stops the host.
        new("Logging:LogLevel:Microsoft.Extensions.Hosting.Internal.Host", "Critical"),
    ];

    /// <param name="configFile">The JSON file, or null for none.</param>
    /// <param name="environment">The process environment (a dictionary in tests).</param>
    /// <param name="flags">Values the command line gave, by configuration key.</param>
    public static IConfigurationRoot Load(
        string? configFile,
        IEnumerable<KeyValuePair<string, string?>> environment,
        IEnumerable<KeyValuePair<string, string?>> flags)
    {
        var merged = ConfigurationLayers.Merge(
            Defaults,
            configFile is null ? [] : ReadJsonFile(configFile),
            FromEnvironment(environment),
            flags);
        LogLevels.Normalize(merged);
        return new ConfigurationBuilder().AddInMemoryCollection(merged).Build();
    }

    /// <summary>The process environment as <see cref="Load"/> takes it.</summary>
    public static IEnumerable<KeyValuePair<string, string?>> ProcessEnvironment() =>
        Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .Select(e => new KeyValuePair<string, string?>((string)e.Key, (string?)e.Value));

    /// <summary>Variables named <c>JAILMETRICS_Section__Key</c>, as the configuration key <c>Section:Key</c>.</summary>
    public static IEnumerable<KeyValuePair<string, string?>> FromEnvironment(IEnumerable<KeyValuePair<string, string?>> environment) =>
        from variable in environment
        where variable.Key.StartsWith(Setting.EnvironmentPrefix, StringComparison.OrdinalIgnoreCase)
              && variable.Key.Length > Setting.EnvironmentPrefix.Length
        select new KeyValuePair<string, string?>(
            variable.Key[Setting.EnvironmentPrefix.Length..].Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal),
            variable.Value);

    private static IEnumerable<KeyValuePair<string, string?>> ReadJsonFile(string path)
    {
        string fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath)) throw new ConfigurationException($"configuration file {fullPath}: no such file");
        try
        {
            return new ConfigurationBuilder().AddJsonFile(fullPath, optional: false, reloadOnChange: false).Build()
                .AsEnumerable().Where(e => e.Value is not null).ToList();
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationException($"configuration file {fullPath}: {Describe(e)}", e);
        }
    }

    /// <summary>The innermost useful reason, with the JSON reader's position made 1-based as editors count.</summary>
    private static string Describe(Exception e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is JsonException json)
            {
                string reason = json.Message;
                int position = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
                if (position > 0) reason = reason[..position];
                return json.LineNumber is long line
                    ? $"line {line + 1}, column {(json.BytePositionInLine ?? 0) + 1}: {reason}"
                    : reason;
            }
        }
        var innermost = e;
        while (innermost.InnerException is not null) innermost = innermost.InnerException;
        return innermost.Message;
    }
}
