using System.Globalization;
using JailMetrics.Rules;

namespace JailMetrics.FreeBsd.Text;

/// <summary>
/// Parses the output of rctl_get_rules(2) and rctl_get_limits(2): rules in the kernel's canonical form
/// joined by <c>,</c> with no trailing comma, the empty string when there are none
/// (<c>sys_rctl_get_rules</c> and <c>rctl_rule_to_sbuf</c> in sys/kern/kern_rctl.c; reference
/// freebsd.md §1.5). Amounts are plain decimal in base units; /per appears only when it differs from
/// the subject. Names a newer kernel adds (a resource, an action) are kept as text rather than refused.
/// </summary>
public static class RctlRuleParser
{
    /// <exception cref="FormatException">A rule does not have the kernel's shape; the message names it.</exception>
    public static IReadOnlyList<RctlRule> Parse(string rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        rules = rules.TrimEnd('\0', '\n', '\r');
        if (rules.Length == 0) return [];

        string[] texts = rules.Split(',');
        var parsed = new List<RctlRule>(texts.Length);
        for (int i = 0; i < texts.Length; i++) parsed.Add(ParseOne(texts[i], i + 1));
        return parsed;
    }

    private static RctlRule ParseOne(string text, int number)
    {
        // The same splitting as rctl_string_to_rule: three ':' then '=' then '/'.
        string[] parts = text.Split(':', 4);
        if (parts.Length != 4)
            throw new FormatException($"rctl rule #{number} '{text}' does not have the shape subject:subject-id:resource:action=amount[/per]");
        string rest = parts[3];
        int equals = rest.IndexOf('=', StringComparison.Ordinal);
        if (equals < 0)
            throw new FormatException($"rctl rule #{number} '{text}' has no '=amount'");
        string action = rest[..equals];
        string amountAndPer = rest[(equals + 1)..];
        int slash = amountAndPer.IndexOf('/', StringComparison.Ordinal);
        string amountText = slash < 0 ? amountAndPer : amountAndPer[..slash];
        string? per = slash < 0 ? null : amountAndPer[(slash + 1)..];

        if (!long.TryParse(amountText, NumberStyles.None, CultureInfo.InvariantCulture, out long amount))
            throw new FormatException($"rctl rule #{number} '{text}': the amount '{amountText}' is not a non-negative 64-bit integer");
        try
        {
            return new RctlRule(parts[0], parts[1], parts[2], action, amount, per);
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"rctl rule #{number} '{text}': {e.Message}", e);
        }
    }
}
