namespace JailMetrics.Rules;

/// <summary>A rule written in rctl(8)'s grammar was rejected; says where (0-based character index) and why.</summary>
public sealed class RctlRuleSyntaxException : FormatException
{
    public RctlRuleSyntaxException(string rule, int position, string reason)
        : base($"rctl rule '{rule}', column {position + 1}: {reason}")
    {
        Rule = rule;
        Position = position;
        Reason = reason;
    }

    /// <summary>The rule text as given.</summary>
    public string Rule { get; }

    /// <summary>The 0-based index in <see cref="Rule"/> of the part that is wrong.</summary>
    public int Position { get; }

    /// <summary>What is wrong, without the rule or the position.</summary>
    public string Reason { get; }
}
