namespace JailMetrics.Alerts;

/// <summary>
/// Why one configured rule was refused: which rule (its 0-based index in the list, and its name when it
/// has one), which field, the field's text, and for a malformed text the 1-based column of the fault.
/// </summary>
public sealed record AlertRuleError(int Index, string? RuleName, string Field, string? Text, int? Column, string Reason)
{
    /// <summary><c>alert rule [2] "db-memory": Threshold "80x" at column 3: unknown unit 'x' …</c></summary>
    public override string ToString()
    {
        string rule = RuleName is null ? $"alert rule [{Index}]" : $"alert rule [{Index}] \"{RuleName}\"";
        string text = Text is null ? "" : $" \"{Text}\"";
        string column = Column is null ? "" : $" at column {Column}";
        return $"{rule}: {Field}{text}{column}: {Reason}";
    }
}
