using System.Globalization;

namespace JailMetrics.Alerts;

/// <summary>
/// Reads a duration the way Prometheus rules write <c>for</c>: one or more number-unit pairs,
/// largest first by convention (<c>90s</c>, <c>5m</c>, <c>1h30m</c>, <c>2d</c>), or a bare <c>0</c>.
/// </summary>
internal static class DurationGrammar
{
    private const string Units = "ms, s, m, h or d";

    /// <exception cref="AlertSyntaxException"/>
    public static TimeSpan Parse(string text)
    {
        if (text.Length == 0) throw new AlertSyntaxException(0, $"the duration is empty; write e.g. 30s, 5m or 1h30m");
        if (text == "0") return TimeSpan.Zero;

        var total = TimeSpan.Zero;
        int i = 0;
        while (i < text.Length)
        {
            int numberStart = i;
            while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
            if (i == numberStart) throw new AlertSyntaxException(i, $"expected a whole number at '{text[i..]}' (durations are like 30s, 5m or 1h30m)");
            if (i - numberStart > 9) throw new AlertSyntaxException(numberStart, "the number is too large for a duration");
            long number = long.Parse(text.AsSpan(numberStart, i - numberStart), NumberStyles.None, CultureInfo.InvariantCulture);

            int unitStart = i;
            while (i < text.Length && char.IsAsciiLetter(text[i])) i++;
            TimeSpan unit = text[unitStart..i] switch
            {
                "ms" => TimeSpan.FromMilliseconds(1),
                "s" => TimeSpan.FromSeconds(1),
                "m" => TimeSpan.FromMinutes(1),
                "h" => TimeSpan.FromHours(1),
                "d" => TimeSpan.FromDays(1),
                "" => throw new AlertSyntaxException(unitStart, $"missing unit after {number} ({Units})"),
                var other => throw new AlertSyntaxException(unitStart, $"unknown unit '{other}' ({Units})"),
            };
            total += unit * number;
        }
        return total;
    }
}
