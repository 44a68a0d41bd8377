using System.Text.RegularExpressions;

namespace JailMetrics.Service.Configuration;

/// <summary>
/// Merges flat configuration layers (key → value), later layers winning. Unlike stacking
/// providers, a list given in a later layer replaces the earlier layer's list whole: a single
/// <c>--web.listen-address</c> must not leave the file's second address in place.
/// </summary>
public static partial class ConfigurationLayers
{
    public static Dictionary<string, string?> Merge(params IEnumerable<IEnumerable<KeyValuePair<string, string?>>> layers)
    {
        var merged = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var layer in layers)
        {
            var entries = layer.ToList();
            foreach (string list in ListsIn(entries))
            {
                foreach (string key in merged.Keys.Where(k => IsElementOf(k, list)).ToList())
                    merged.Remove(key);
            }
            foreach (var (key, value) in entries) merged[key] = value;
        }
        return merged;
    }

    /// <summary>The lists a layer sets: the parents of its keys that have a numeric segment (<c>Web:ListenAddresses</c> of <c>Web:ListenAddresses:0</c>).</summary>
    private static HashSet<string> ListsIn(IEnumerable<KeyValuePair<string, string?>> entries)
    {
        var lists = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, _) in entries)
        {
            var match = ListElement().Match(key);
            if (match.Success) lists.Add(match.Groups["list"].Value);
        }
        return lists;
    }

    private static bool IsElementOf(string key, string list) =>
        key.Length > list.Length + 1
        && key.StartsWith(list + ":", StringComparison.OrdinalIgnoreCase)
        && char.IsAsciiDigit(key[list.Length + 1]);

    [GeneratedRegex(@"^(?<list>.+?):[0-9]+(:|$)", RegexOptions.CultureInvariant)]
    private static partial Regex ListElement();
}
