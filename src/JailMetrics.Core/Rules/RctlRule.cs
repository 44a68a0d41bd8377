using System.Globalization;
using JailMetrics.Model;

namespace JailMetrics.Rules;

/// <summary>
/// One rctl rule, <c>subject:subject-id:resource:action=amount[/per]</c> (rctl(8); reference
/// freebsd.md §1.2), held in the kernel's canonical form: names in lower case, the amount in base
/// units (bytes, seconds, percent, counts), and <see cref="Per"/> null when it equals the subject —
/// exactly what <c>rctl_rule_to_sbuf</c> prints, so two rules are equal when the kernel treats them as
/// the same rule and <see cref="ToString"/> matches a rule read back from rctl_get_rules(2).
/// </summary>
public sealed record RctlRule
{
    /// <param name="subject">process, user, loginclass or jail (kept as given when unknown, for kernel output from newer kernels).</param>
    /// <param name="subjectId">a PID, a numeric UID, a login class, or a jail <b>name</b> (not a JID).</param>
    /// <param name="per">the subject type the amount is counted per; null or equal to <paramref name="subject"/> means the subject itself.</param>
    public RctlRule(string subject, string subjectId, string resourceName, string action, long amount, string? per = null)
    {
        RequireName(subject, nameof(subject));
        RequireSubjectId(subjectId);
        RequireName(resourceName, nameof(resourceName));
        RequireName(action, nameof(action));
        if (per is not null) RequireName(per, nameof(per));
        if (amount < 0) throw new ArgumentOutOfRangeException(nameof(amount), amount, "rctl amounts are never negative (str2int64 in kern_rctl.c)");

        Subject = subject.ToLowerInvariant();
        SubjectId = subjectId;
        ResourceName = resourceName.ToLowerInvariant();
        Action = action.ToLowerInvariant();
        Amount = amount;
        Per = per is null || per.Equals(Subject, StringComparison.OrdinalIgnoreCase) ? null : per.ToLowerInvariant();
    }

    /// <summary>A rule on a jail, by the jail's name.</summary>
    public static RctlRule ForJail(string jailName, Resource resource, string action, long amount, string? per = null) =>
        new(RctlVocabulary.Jail, jailName, ResourceInfo.Of(resource).RctlName, action, amount, per);

    public string Subject { get; }

    public string SubjectId { get; }

    public string ResourceName { get; }

    public string Action { get; }

    /// <summary>The amount in base units, as the kernel prints it (cputime/wallclock/pcpu already divided back from ×10^6).</summary>
    public long Amount { get; }

    /// <summary>The per-subject type when it differs from <see cref="Subject"/>; null otherwise.</summary>
    public string? Per { get; }

    /// <summary>The Core resource, or null when the kernel named one this build does not know.</summary>
    public Resource? Resource => RacctNames.TryGetResource(ResourceName, out var resource) ? resource : null;

    /// <summary>The per the kernel applies: <see cref="Per"/>, or the subject type when absent (sys_rctl_add_rule).</summary>
    public string EffectivePer => Per ?? Subject;

    /// <summary>The canonical rule text, as rctl_get_rules(2) prints it: <c>jail:pg1:memoryuse:deny=2147483648</c>.</summary>
    public override string ToString() =>
        $"{Subject}:{SubjectId}:{ResourceName}:{Action}={Amount.ToString(CultureInfo.InvariantCulture)}" + (Per is null ? "" : "/" + Per);

    /// <summary>
    /// The filter that matches this rule and no other, for rctl_remove_rule(2). It always spells out
    /// <c>/per</c>: in a filter an absent per is a wildcard (<c>rctl_rule_matches</c>), so removing
    /// <c>jail:a:maxproc:log=10</c> would also remove a hand-made <c>jail:a:maxproc:log=10/process</c>.
    /// </summary>
    public string ToExactFilter() =>
        $"{Subject}:{SubjectId}:{ResourceName}:{Action}={Amount.ToString(CultureInfo.InvariantCulture)}/{EffectivePer}";

    /// <summary>The limit as Core models it, for a jail rule on a known resource; null otherwise.</summary>
    public JailLimit? ToJailLimit() =>
        Subject == RctlVocabulary.Jail && Resource is { } resource ? new JailLimit(resource, Action, Amount, Per) : null;

    /// <summary>
    /// Parses one rule in rctl(8)'s user-facing grammar (for configuration): subject aliases
    /// (u, p, l/c/class, j), case-insensitive names, amounts with expand_number(3) suffixes
    /// (<c>jail:www:memoryuse:deny=512m</c>), and the kernel's checks done up front so a bad rule fails
    /// at startup rather than with an errno later.
    /// </summary>
    /// <exception cref="RctlRuleSyntaxException">With the position and the reason.</exception>
    public static RctlRule Parse(string rule) => RctlRuleGrammar.Parse(rule);

    // The kernel splits a rule with strsep: the subject id ends at the second ':' (so it may hold '='
    // or '/'), the action at '=' or '/', the amount at '/'. ',' separates rules in rctl_get_rules(2)
    // output. A field holding its own separator could not be read back.
    private static void RequireName(string value, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(value, name);
        if (value.AsSpan().IndexOfAny(":,=/") >= 0 || value.Any(char.IsControl))
            throw new ArgumentException($"'{value}' cannot be part of an rctl rule: it contains ':', ',', '=', '/' or a control character", name);
    }

    private static void RequireSubjectId(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value, "subjectId");
        if (value.AsSpan().IndexOfAny(":,") >= 0 || value.Any(char.IsControl))
            throw new ArgumentException($"'{value}' cannot be an rctl subject id: it contains ':', ',' or a control character", "subjectId");
    }
}
