using System.Text;

namespace JailMetrics.Linux.Parsing;

/// <summary>
/// The interface names met in /proc/PID/net/dev, each made into a string once (issue 8: the names of a
/// thousand jails' interfaces are the same from one sample to the next). Bounded: past
/// <see cref="Capacity"/> names (veth churn on the host) it starts afresh. Not thread-safe.
/// </summary>
internal sealed class InterfaceNames
{
    public const int Capacity = 4096;

    private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);

    /// <summary>A list the parser fills before it makes its exact-size array (one per parse, not one per growth).</summary>
    internal List<Model.InterfaceCounters> Scratch { get; } = [];

    /// <summary>The name whose UTF-8 bytes are <paramref name="utf8"/>.</summary>
    public string Get(ReadOnlySpan<byte> utf8)
    {
        Span<char> chars = stackalloc char[64];
        if (utf8.Length > chars.Length) return Encoding.UTF8.GetString(utf8); // never for IFNAMSIZ (16) names
        int n = Encoding.UTF8.GetChars(utf8, chars);
        var lookup = _names.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(chars[..n], out var name)) return name;
        if (_names.Count >= Capacity) _names.Clear();
        name = new string(chars[..n]);
        _names[name] = name;
        return name;
    }
}
