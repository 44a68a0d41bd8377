using JailMetrics.Rules;

namespace JailMetrics.Alerts;

/// <summary>
/// The rctl rule an alert installs while it fires, written in rctl(8)'s grammar with <c>$name</c>
/// standing for the jail's name: <c>jail:$name:pcpu:deny=50</c>. Checked in full at startup, so a
/// firing alert never meets a rule the kernel would refuse for its syntax.
/// </summary>
public sealed class EnforcementTemplate
{
    public const string JailNamePlaceholder = "$name";

    // Exactly as long as the placeholder: a syntax error's position in the substituted rule is then its
    // position in the template the user wrote.
    private const string StandInName = "_name";

    private EnforcementTemplate(string text) => Text = text;

    /// <summary>The template as written.</summary>
    public string Text { get; }

    /// <exception cref="AlertSyntaxException">Not a valid rctl jail rule once <c>$name</c> is replaced.</exception>
    public static EnforcementTemplate Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        RctlRule rule;
        try
        {
            rule = RctlRule.Parse(text.Replace(JailNamePlaceholder, StandInName, StringComparison.Ordinal));
        }
        catch (RctlRuleSyntaxException e)
        {
            throw new AlertSyntaxException(e.Position, e.Reason);
        }
        if (rule.Subject != RctlVocabulary.Jail)
            throw new AlertSyntaxException(text.Length - text.TrimStart().Length, $"an enforcement must be a jail rule such as jail:$name:pcpu:deny=50, not a {rule.Subject} rule: the enforcers manage jail rules only");
        // Only "$name" is substituted; "$nmae" or "${name}" would silently name a jail that does not exist.
        int dollar = IndexOfStrayDollar(text);
        if (dollar >= 0)
            throw new AlertSyntaxException(dollar, $"'$' is not followed by 'name'; {JailNamePlaceholder} is the only placeholder");
        return new EnforcementTemplate(text);
    }

    /// <summary>The rule for <paramref name="jailName"/>.</summary>
    /// <exception cref="RctlRuleSyntaxException">The name cannot stand in an rctl rule (a ',' in it, or longer than 255 characters).</exception>
    public RctlRule For(string jailName) => RctlRule.Parse(Text.Replace(JailNamePlaceholder, jailName, StringComparison.Ordinal));

    public override string ToString() => Text;

    private static int IndexOfStrayDollar(string text)
    {
        for (int i = text.IndexOf('$', StringComparison.Ordinal); i >= 0; i = text.IndexOf('$', i + 1))
            if (string.CompareOrdinal(text, i, JailNamePlaceholder, 0, JailNamePlaceholder.Length) != 0) return i;
        return -1;
    }
}
