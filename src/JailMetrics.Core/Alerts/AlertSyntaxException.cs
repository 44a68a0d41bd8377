namespace JailMetrics.Alerts;

/// <summary>One text field of an alert rule is malformed; says where (0-based index into the field) and why.</summary>
public sealed class AlertSyntaxException(int position, string reason) : FormatException(reason)
{
    /// <summary>The 0-based index of the offending character in the field's text.</summary>
    public int Position { get; } = position;

    /// <summary>What is wrong, without the text or the position.</summary>
    public string Reason { get; } = reason;
}
