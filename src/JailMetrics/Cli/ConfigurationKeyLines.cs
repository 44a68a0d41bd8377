using System.Text.Json;

namespace JailMetrics.Service.Cli;

/// <summary>
/// Where each configuration key of a JSON file is written: <c>Sampling:Interval</c> → line 3. The
/// options validators name the key at fault, not the line; this gives <c>check-config</c> the line
/// to point an editor at. Keys are compared ignoring case, as the configuration binder does.
/// </summary>
internal sealed class ConfigurationKeyLines
{
    private readonly Dictionary<string, int> _lines;

    private ConfigurationKeyLines(Dictionary<string, int> lines) => _lines = lines;

    /// <summary>Reads the keys of <paramref name="json"/>, which must already have parsed as the configuration loader parses it.</summary>
    public static ConfigurationKeyLines Read(byte[] json)
    {
        var lines = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        // The same leniency as the JSON configuration provider: comments and trailing commas are fine.
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var path = new List<string>();
        var arrays = new Stack<(bool IsArray, int Next)>();
        string? property = null;
        int propertyLine = 0;

        // The key a value at the reader's position gets, and the line it starts on.
        (string Segment, int Line)? Place(long tokenStart)
        {
            if (arrays.Count == 0) return null;
            var (isArray, next) = arrays.Pop();
            arrays.Push((isArray, isArray ? next + 1 : next));
            return isArray ? (next.ToString(System.Globalization.CultureInfo.InvariantCulture), LineOf(json, tokenStart)) : (property!, propertyLine);
        }

        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.PropertyName:
                    property = reader.GetString()!;
                    propertyLine = LineOf(json, reader.TokenStartIndex);
                    break;
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    if (Place(reader.TokenStartIndex) is { } container)
                    {
                        path.Add(container.Segment);
                        lines.TryAdd(string.Join(':', path), container.Line);
                    }
                    arrays.Push((reader.TokenType == JsonTokenType.StartArray, 0));
                    break;
                case JsonTokenType.EndObject or JsonTokenType.EndArray:
                    arrays.Pop();
                    if (path.Count > 0 && arrays.Count > 0) path.RemoveAt(path.Count - 1);
                    break;
                default:
                    if (Place(reader.TokenStartIndex) is { } value) lines.TryAdd(string.Join(':', [.. path, value.Segment]), value.Line);
                    break;
            }
        }
        return new ConfigurationKeyLines(lines);
    }

    /// <summary>
    /// The line of the longest key that <paramref name="message"/> begins with (validators start their
    /// message with the key: <c>Sampling:Interval (--sampling.interval …): …</c>); null when the key at
    /// fault is not in the file (a default, or a section the file lacks).
    /// </summary>
    public int? LineOf(string message)
    {
        int? best = null;
        int bestLength = 0;
        foreach (var (key, line) in _lines)
        {
            if (key.Length <= bestLength || !message.StartsWith(key, StringComparison.OrdinalIgnoreCase)) continue;
            if (message.Length > key.Length && message[key.Length] is not (':' or ' ')) continue;
            best = line;
            bestLength = key.Length;
        }
        if (best is null) return null;

        // A message about a whole list item (Alerts:Rules:1: … Rule "jail:…" at column 10) that quotes
        // one of its fields points at that field's line rather than the item's first line.
        string item = message[..bestLength] + ":";
        foreach (var (key, line) in _lines)
        {
            if (!key.StartsWith(item, StringComparison.OrdinalIgnoreCase) || key.IndexOf(':', item.Length) >= 0) continue;
            if (message.Contains($" {key[item.Length..]} \"", StringComparison.Ordinal)) return line;
        }
        return best;
    }

    private static int LineOf(byte[] json, long offset)
    {
        int line = 1;
        for (long i = 0; i < offset; i++)
            if (json[i] == (byte)'\n') line++;
        return line;
    }
}
