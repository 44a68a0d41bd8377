using System.Globalization;
using JailMetrics.Model;
using JailMetrics.Rules;

namespace JailMetrics.Alerts;

/// <summary>
/// Reads a threshold: an rctl amount (<c>2g</c>), a percentage of the jail's own limit (<c>80%</c>) or
/// of a host IPC limit (<c>80%host.shmall</c>), or <c>breach</c>: new kernel limit breaches since the previous sample. The host form uses '.' rather than ':' so that it can
/// stand after <c>alert=</c> in a rule without adding a field to rctl's colon-separated shape.
/// </summary>
internal static class ThresholdGrammar
{
    private const string HostPrefix = "host.";
    private const string Forms = "an amount (2g), a percentage of the jail's own limit (80%) or of a host IPC limit (80%host.shmall), or 'breach'";

    /// <summary>Parses <c>text[start..end]</c>; error positions are indexes into <paramref name="text"/>.</summary>
    /// <exception cref="AlertSyntaxException"/>
    public static AlertThreshold Parse(string text, int start, int end, Resource resource)
    {
        string field = text[start..end];
        if (field.Length == 0) throw new AlertSyntaxException(start, $"the threshold is empty; expected {Forms}");
        if (field.Equals(BreachThreshold.Keyword, StringComparison.OrdinalIgnoreCase)) return new BreachThreshold();

        int percentSign = field.IndexOf('%', StringComparison.Ordinal);
        if (percentSign < 0)
        {
            if (!ExpandNumber.TryParse(field, out ulong amount, out string? error))
                throw new AlertSyntaxException(start, $"{error}; expected {Forms}");
            return new AbsoluteThreshold(amount);
        }

        double percent = ParsePercent(field[..percentSign], start);
        string after = field[(percentSign + 1)..];
        int afterStart = start + percentSign + 1;
        if (after.Length == 0)
        {
            if (WhyNoOwnLimit(resource) is { } why) throw new AlertSyntaxException(start, why);
            return new JailLimitPercentThreshold(percent);
        }
        if (!after.StartsWith(HostPrefix, StringComparison.OrdinalIgnoreCase))
            throw new AlertSyntaxException(afterStart, $"unexpected '{after}' after '%': write {field[..(percentSign + 1)]} for the jail's own limit or {field[..(percentSign + 1)]}host.shmall for a host IPC limit");

        string limitName = after[HostPrefix.Length..];
        int limitStart = afterStart + HostPrefix.Length;
        if (!HostIpcLimitNames.TryParse(limitName, out var limit))
            throw new AlertSyntaxException(limitStart, $"unknown host IPC limit '{limitName}' (expected one of {string.Join(", ", HostIpcLimitNames.AllNames)})");
        if (HostIpcLimitNames.WhyNotComparable(resource, limit) is { } reason)
            throw new AlertSyntaxException(limitStart, reason);
        return new HostLimitPercentThreshold(percent, limit);
    }

    // A plain decimal: no sign, exponent or thousands separator, so "8e1%" or "-5%" are typos, not numbers.
    private static double ParsePercent(string number, int position)
    {
        bool wellFormed = number.Length > 0 && char.IsAsciiDigit(number[0]) && number.All(c => char.IsAsciiDigit(c) || c == '.')
            && number.Count(c => c == '.') <= 1 && !number.EndsWith('.');
        if (!wellFormed || !double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double percent))
            throw new AlertSyntaxException(position, $"'{number}%' is not a percentage; write a decimal number before '%' (80%, 12.5%)");
        return percent;
    }

    // The limits a percentage can refer to: cputime and wallclock can only be logged or signalled, so
    // no jail ever has a limit that caps them.
    private static string? WhyNoOwnLimit(Resource resource) =>
        RctlVocabulary.WhyActionNotAllowed(resource, RctlVocabulary.Deny) is not null
        && RctlVocabulary.WhyActionNotAllowed(resource, RctlVocabulary.Throttle) is not null
            ? $"{ResourceInfo.Of(resource).RctlName} cannot be denied or throttled, so no jail has a limit a percentage could refer to; use an absolute amount"
            : null;
}
