using System.Globalization;
using System.Text.RegularExpressions;

namespace JailMetrics.Service.Configuration;

/// <summary>
/// Durations as people write them in Prometheus configuration (<c>500ms</c>, <c>10s</c>, <c>1m30s</c>,
/// <c>1h</c>), and as .NET writes a TimeSpan (<c>00:00:10</c>), so either form works in every layer.
/// </summary>
public static partial class Duration
{
    private static readonly (string Unit, TimeSpan Length)[] Units =
    [
        ("d", TimeSpan.FromDays(1)), ("h", TimeSpan.FromHours(1)), ("m", TimeSpan.FromMinutes(1)),
        ("s", TimeSpan.FromSeconds(1)), ("ms", TimeSpan.FromMilliseconds(1)),
    ];

    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        text = text.Trim();
        if (text.Contains(':', StringComparison.Ordinal))
            return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out duration) && duration >= TimeSpan.Zero;

        var match = PrometheusDuration().Match(text);
        if (!match.Success) return false;
        var total = TimeSpan.Zero;
        foreach (Capture part in match.Groups["part"].Captures)
        {
            var inner = Part().Match(part.Value);
            if (!long.TryParse(inner.Groups["n"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out long n)) return false;
            var unit = Units.First(u => u.Unit == inner.Groups["unit"].Value).Length;
            try
            {
                total += checked(unit * n);
            }
            catch (OverflowException)
            {
                return false;
            }
        }
        duration = total;
        return true;
    }

    /// <summary>The shortest Prometheus-style text for <paramref name="duration"/> (<c>10s</c>, <c>1m30s</c>, <c>500ms</c>).</summary>
    public static string Format(TimeSpan duration)
    {
        if (duration == TimeSpan.Zero) return "0s";
        var text = new System.Text.StringBuilder();
        var rest = duration;
        foreach (var (unit, length) in Units)
        {
            long n = rest.Ticks / length.Ticks;
            if (n == 0) continue;
            text.Append(n.ToString(CultureInfo.InvariantCulture)).Append(unit);
            rest -= length * n;
        }
        return text.Length == 0 ? duration.ToString("c", CultureInfo.InvariantCulture) : text.ToString();
    }

    // Units in decreasing order, each at most once, as Prometheus' model.ParseDuration accepts them.
    [GeneratedRegex(@"^(?<part>[0-9]+d)?(?<part>[0-9]+h)?(?<part>[0-9]+m(?!s))?(?<part>[0-9]+s)?(?<part>[0-9]+ms)?$", RegexOptions.CultureInvariant)]
    private static partial Regex PrometheusDuration();

    [GeneratedRegex(@"^(?<n>[0-9]+)(?<unit>ms|d|h|m|s)$", RegexOptions.CultureInvariant)]
    private static partial Regex Part();
}
