using System.Globalization;

namespace JailMetrics.Rules;

/// <summary>
/// expand_number(3) as rctl(8) applies it to a rule's amount before calling the kernel (which itself
/// takes plain decimal only): a number with an optional case-insensitive suffix k, m, g, t, p or e,
/// each a power of 1024 (lib/libutil/expand_number.3), or b for bytes (no scaling).
/// Stricter than libutil on purpose: decimal digits only (libutil's strtoumax base 0 also reads
/// 0x… and leading-zero octal) and nothing after the suffix, so a typo in a config file is an error.
/// </summary>
public static class ExpandNumber
{
    public static bool TryParse(string text, out ulong value, out string? error)
    {
        value = 0;
        error = null;
        int digits = 0;
        while (digits < text.Length && char.IsAsciiDigit(text[digits])) digits++;
        if (digits == 0)
        {
            error = text.Length == 0 ? "the amount is empty" : $"the amount '{text}' does not start with a decimal digit";
            return false;
        }
        if (!ulong.TryParse(text.AsSpan(0, digits), NumberStyles.None, CultureInfo.InvariantCulture, out ulong number))
        {
            error = $"the amount '{text}' does not fit in 64 bits";
            return false;
        }
        string suffix = text[digits..];
        int shift;
        switch (suffix.ToLowerInvariant())
        {
            case "" or "b": shift = 0; break;
            case "k": shift = 10; break;
            case "m": shift = 20; break;
            case "g": shift = 30; break;
            case "t": shift = 40; break;
            case "p": shift = 50; break;
            case "e": shift = 60; break;
            default:
                error = $"unknown unit '{suffix}' in amount '{text}' (expected k, m, g, t, p or e: powers of 1024)";
                return false;
        }
        if (shift > 0 && (number << shift) >> shift != number)
        {
            error = $"the amount '{text}' does not fit in 64 bits";
            return false;
        }
        value = number << shift;
        return true;
    }
}
