using JailMetrics.Model;
using JailMetrics.Rules;

namespace JailMetrics.Alerts;

/// <summary>
/// Reads the rctl-shaped part of an alert rule: <c>jail:db*:memoryuse:alert=80%</c> (config
/// <c>Rule</c>) or just <c>jail:db*:memoryuse</c> (config <c>Match</c>, the threshold given apart).
/// It follows rctl(8)'s rules where they carry over — fields split at ':', then '=' and '/', the
/// subject alias <c>j</c>, case-insensitive names, RACCT resource names, expand_number amounts — and
/// differs where an alert is not a limit: the subject id may be a glob, the action is <c>alert</c>,
/// and the amount may be a percentage.
/// </summary>
internal static class AlertRuleGrammar
{
    public const string AlertAction = "alert";
    public const string RuleShape = "jail:<name or glob>:<resource>:alert=<threshold>";
    public const string MatchShape = "jail:<name or glob>:<resource>";

    /// <summary>The jails and resource of a rule, and its threshold when the text carries one.</summary>
    public sealed record Parsed(JailGlob Jails, Resource Resource, AlertThreshold? Threshold);

    /// <summary>A <c>Rule</c>: the shape with <c>:alert=&lt;threshold&gt;[/jail]</c>.</summary>
    /// <exception cref="AlertSyntaxException">Positions index into <paramref name="text"/>.</exception>
    public static Parsed ParseRule(string text) => Parse(text, withThreshold: true);

    /// <summary>A <c>Match</c>: subject, jail and resource only.</summary>
    /// <exception cref="AlertSyntaxException">Positions index into <paramref name="text"/>.</exception>
    public static Parsed ParseMatch(string text) => Parse(text, withThreshold: false);

    private static Parsed Parse(string text, bool withThreshold)
    {
        ArgumentNullException.ThrowIfNull(text);
        string shape = withThreshold ? RuleShape : MatchShape;
        int start = 0, end = text.Length;
        while (start < end && char.IsWhiteSpace(text[start])) start++;
        while (end > start && char.IsWhiteSpace(text[end - 1])) end--;
        if (start == end) throw new AlertSyntaxException(0, $"the rule is empty; expected {shape}");

        int subjectEnd = Find(text, ':', start, end);
        if (subjectEnd < 0) throw new AlertSyntaxException(end, $"missing ':' after the subject; expected {shape}");
        int jailEnd = Find(text, ':', subjectEnd + 1, end);
        if (jailEnd < 0) throw new AlertSyntaxException(end, $"missing ':' after the jail name or glob; expected {shape}");
        int resourceEnd = Find(text, ':', jailEnd + 1, end);
        if (withThreshold && resourceEnd < 0)
            throw new AlertSyntaxException(end, $"missing ':alert=<threshold>' after the resource; expected {shape} (or use Match and Threshold)");
        if (!withThreshold && resourceEnd >= 0)
            throw new AlertSyntaxException(resourceEnd, $"unexpected ':' after the resource; Match is {shape} and the threshold goes in Threshold");
        if (withThreshold && Find(text, ':', resourceEnd + 1, end) is int extra and >= 0)
            throw new AlertSyntaxException(extra, $"unexpected ':'; expected {shape}");

        ParseSubject(text, start, subjectEnd);
        JailGlob jails = ParseJails(text, subjectEnd + 1, jailEnd);
        Resource resource = ParseResource(text, jailEnd + 1, withThreshold ? resourceEnd : end);
        AlertThreshold? threshold = withThreshold ? ParseAlert(text, resourceEnd + 1, end, resource) : null;
        return new Parsed(jails, resource, threshold);
    }

    private static void ParseSubject(string text, int start, int end)
    {
        string subject = text[start..end].ToLowerInvariant();
        if (subject is RctlVocabulary.Jail or "j") return;
        if (subject.Length == 0) throw new AlertSyntaxException(start, "missing subject; alert rules start with 'jail:'");
        if (RctlVocabulary.IsSubject(subject) || subject is "u" or "p" or "l" or "c" or "class")
            throw new AlertSyntaxException(start, $"alerts are evaluated per jail, so the subject must be 'jail', not '{text[start..end]}'");
        throw new AlertSyntaxException(start, $"unknown subject '{text[start..end]}'; alert rules start with 'jail:'");
    }

    private static JailGlob ParseJails(string text, int start, int end)
    {
        try
        {
            return JailGlob.Parse(text[start..end]);
        }
        catch (AlertSyntaxException e)
        {
            throw new AlertSyntaxException(start + e.Position, e.Reason);
        }
    }

    private static Resource ParseResource(string text, int start, int end)
    {
        string name = text[start..end];
        if (name.Length == 0) throw new AlertSyntaxException(start, "missing resource (e.g. memoryuse, pcpu, maxproc)");
        if (!RacctNames.TryGetResource(name.ToLowerInvariant(), out var resource))
            throw new AlertSyntaxException(start, $"unknown resource '{name}' (see rctl(8) RESOURCES: memoryuse, vmemoryuse, swapuse, pcpu, cputime, maxproc, nthr, openfiles, readbps, writebps, nshm, shmsize …)");
        return resource;
    }

    private static AlertThreshold ParseAlert(string text, int start, int end, Resource resource)
    {
        int equals = Find(text, '=', start, end);
        if (equals < 0) throw new AlertSyntaxException(end, $"missing '=<threshold>' after the action; expected {RuleShape}");
        string action = text[start..equals];
        if (action.Length == 0) throw new AlertSyntaxException(start, $"missing action; an alert rule's action is '{AlertAction}'");
        if (!action.Equals(AlertAction, StringComparison.OrdinalIgnoreCase))
        {
            string hint = RctlVocabulary.IsAction(action)
                ? $"'{action}' is an rctl action; an alert rule's action is '{AlertAction}', and a limit to install while it fires goes in Enforce"
                : $"unknown action '{action}'; an alert rule's action is '{AlertAction}'";
            throw new AlertSyntaxException(start, hint);
        }

        int slash = Find(text, '/', equals + 1, end);
        var threshold = ThresholdGrammar.Parse(text, equals + 1, slash < 0 ? end : slash, resource);
        if (slash >= 0) ParsePer(text, slash + 1, end);
        return threshold;
    }

    // Samples are per jail, so /jail is the only per an alert can honour; rctl would also print it so.
    private static void ParsePer(string text, int start, int end)
    {
        string per = text[start..end];
        if (per.Equals(RctlVocabulary.Jail, StringComparison.OrdinalIgnoreCase)) return;
        if (per.Length == 0) throw new AlertSyntaxException(start, "missing per after '/'; the only per an alert takes is 'jail'");
        if (RctlVocabulary.IsSubject(per))
            throw new AlertSyntaxException(start, $"alerts compare the jail's total, sampled per jail; /{per} cannot be evaluated (leave /per out or write /jail)");
        throw new AlertSyntaxException(start, $"unknown per '{per}'; the only per an alert takes is 'jail'");
    }

    private static int Find(string text, char c, int from, int end) => text.IndexOf(c, from, end - from);
}
