namespace JailMetrics.Alerts;

/// <summary>
/// A jail name or a glob over jail names: <c>*</c> matches any run of characters (dots included, since
/// FreeBSD names such as <c>web.example</c> hold them), <c>?</c> exactly one, everything else itself,
/// case-sensitively. The whole name must match, as in sh(1) case patterns.
/// </summary>
public sealed class JailGlob : IEquatable<JailGlob>
{
    // prison names are char[MAXHOSTNAMELEN] with the NUL; a longer pattern without '*' could never match.
    private const int MaxLength = 255;

    private JailGlob(string pattern) => Pattern = pattern;

    public string Pattern { get; }

    /// <exception cref="AlertSyntaxException">Empty, too long, or holding a character no jail name can have.</exception>
    public static JailGlob Parse(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        if (pattern.Length == 0) throw new AlertSyntaxException(0, "missing jail name or glob (e.g. www, db*, *)");
        if (pattern.Length > MaxLength)
            throw new AlertSyntaxException(0, $"the jail name or glob is {pattern.Length} characters; jail names have at most {MaxLength}");
        int comma = pattern.IndexOf(',', StringComparison.Ordinal);
        if (comma >= 0) throw new AlertSyntaxException(comma, "',' cannot be part of a jail name (rctl separates rules with it)");
        int control = pattern.AsSpan().IndexOfAnyInRange('\0', '\x1f');
        if (control >= 0) throw new AlertSyntaxException(control, "control character in the jail name or glob");
        return new JailGlob(pattern);
    }

    /// <summary>
    /// The glob of a rule that is never evaluated, only resolved: one restored from state that is no
    /// longer configured, or the stand-in rule of an alert received from Alertmanager.
    /// </summary>
    public static JailGlob Exactly(string name) => new(name);

    public bool IsMatch(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        string pattern = Pattern;
        int p = 0, n = 0;
        int lastStar = -1, nameAtLastStar = 0;
        while (n < name.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == name[n]))
            {
                p++;
                n++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                lastStar = p++;
                nameAtLastStar = n;
            }
            else if (lastStar >= 0)
            {
                // Let the last '*' swallow one more character and retry from just after it.
                p = lastStar + 1;
                n = ++nameAtLastStar;
            }
            else
            {
                return false;
            }
        }
        while (p < pattern.Length && pattern[p] == '*') p++;
        return p == pattern.Length;
    }

    public bool Equals(JailGlob? other) => other is not null && other.Pattern == Pattern;

    public override bool Equals(object? obj) => Equals(obj as JailGlob);

    public override int GetHashCode() => Pattern.GetHashCode(StringComparison.Ordinal);

    public override string ToString() => Pattern;
}
