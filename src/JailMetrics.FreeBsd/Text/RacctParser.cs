using System.Globalization;
using JailMetrics.Model;
using JailMetrics.Rules;

namespace JailMetrics.FreeBsd.Text;

/// <summary>
/// Parses the output of rctl_get_racct(2): <c>name=value</c> pairs joined by <c>,</c>
/// (<c>rctl_racct_to_sbuf</c> in sys/kern/kern_rctl.c; reference freebsd.md §1.5).
/// The key set depends on the kernel and the subject — 25 keys for a jail, 21 before 2016 (no I/O
/// resources), 17 for a process (the sloppy ones left out) — so pairs are read by key, never by position.
/// </summary>
public static class RacctParser
{
    /// <exception cref="FormatException">A pair is not <c>name=integer</c>, or a name repeats; the message names the pair.</exception>
    public static RacctRecord Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        // The native layer may hand over the C string with its NUL, and a captured fixture may end in a newline.
        text = text.TrimEnd('\0', '\n', '\r');
        if (text.Length == 0) return RacctRecord.Empty;

        var known = new Dictionary<Resource, long>();
        var unknown = new Dictionary<string, long>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string[] pairs = text.Split(',');
        for (int i = 0; i < pairs.Length; i++)
        {
            var (name, value) = ParsePair(pairs[i], i + 1);
            if (!seen.Add(name))
                throw new FormatException($"racct pair #{i + 1} '{pairs[i]}': the key '{name}' appears twice");
            if (RacctNames.TryGetResource(name, out var resource)) known[resource] = value;
            else unknown[name] = value;
        }
        return new RacctRecord(known, unknown);
    }

    private static (string Name, long Value) ParsePair(string pair, int number)
    {
        int equals = pair.IndexOf('=', StringComparison.Ordinal);
        if (equals < 0)
            throw new FormatException($"racct pair #{number} '{pair}' has no '='");
        string name = pair[..equals];
        string value = pair[(equals + 1)..];
        if (name.Length == 0 || !name.All(IsKeyChar))
            throw new FormatException($"racct pair #{number} '{pair}': '{name}' is not a resource name (lower-case letters, digits, '_')");
        // The kernel prints int64 with %jd: an optional minus sign and decimal digits, nothing else.
        if (!long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long parsed) ||
            value.StartsWith('+'))
            throw new FormatException($"racct pair #{number} '{pair}': '{value}' is not a 64-bit integer");
        return (name, parsed);
    }

    private static bool IsKeyChar(char c) => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_';
}
