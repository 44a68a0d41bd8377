using System.Globalization;
using JailMetrics.Model;

namespace JailMetrics.Rules;

/// <summary>
/// rctl(8)'s user-facing rule grammar (usr.bin/rctl/rctl.c <c>expand_rule</c>/<c>expand_amount</c>, then
/// the kernel's <c>rctl_string_to_rule</c> and <c>rctl_rule_add</c> checks), for rules written in a
/// configuration file. Each refusal names the 0-based position of the offending part.
/// </summary>
internal static class RctlRuleGrammar
{
    private const string Shape = "subject:subject-id:resource:action=amount[/per]";

    // prison_racct names are char[MAXHOSTNAMELEN] (256) with the NUL; longer gives ENAMETOOLONG.
    private const int MaxJailNameLength = 255;

    public static RctlRule Parse(string rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        int start = 0, end = rule.Length;
        while (start < end && char.IsWhiteSpace(rule[start])) start++;
        while (end > start && char.IsWhiteSpace(rule[end - 1])) end--;
        if (start == end) throw Fail(rule, 0, $"the rule is empty; expected {Shape}");

        int subjectEnd = Find(rule, ':', start, end);
        if (subjectEnd < 0) throw Fail(rule, end, $"missing ':' after the subject; expected {Shape}");
        int idEnd = Find(rule, ':', subjectEnd + 1, end);
        if (idEnd < 0) throw Fail(rule, end, $"missing ':' after the subject id; expected {Shape}");
        int resourceEnd = Find(rule, ':', idEnd + 1, end);
        if (resourceEnd < 0) throw Fail(rule, end, $"missing ':' after the resource; expected {Shape}");
        int extraColon = Find(rule, ':', resourceEnd + 1, end);
        if (extraColon >= 0) throw Fail(rule, extraColon, $"unexpected ':'; expected {Shape}");
        int equals = FindAny(rule, "=/", resourceEnd + 1, end);
        if (equals < 0 || rule[equals] != '=') throw Fail(rule, equals < 0 ? end : equals, "missing '=amount' after the action");
        int slash = Find(rule, '/', equals + 1, end);

        var subject = new Field(rule, start, subjectEnd);
        var subjectId = new Field(rule, subjectEnd + 1, idEnd);
        var resourceField = new Field(rule, idEnd + 1, resourceEnd);
        var action = new Field(rule, resourceEnd + 1, equals);
        var amount = new Field(rule, equals + 1, slash < 0 ? end : slash);
        Field? per = slash < 0 ? null : new Field(rule, slash + 1, end);

        string subjectType = ParseSubject(rule, subject);
        ValidateSubjectId(rule, subjectType, subjectId);
        Resource resource = ParseResource(rule, resourceField);
        string actionName = ParseAction(rule, action);
        long amountValue = ParseAmount(rule, amount, resource);
        string perType = per is { } p ? ParsePer(rule, p) : subjectType;

        if (RctlVocabulary.WhyActionNotAllowed(resource, actionName) is { } actionReason)
            throw Fail(rule, action.Start, actionReason + " (the kernel answers EOPNOTSUPP)");
        if (RctlVocabulary.WhyPerNotAllowed(resource, perType) is { } perReason)
            throw Fail(rule, per?.Start ?? action.Start, perReason + " (the kernel answers EOPNOTSUPP)");

        return new RctlRule(subjectType, subjectId.Text, ResourceInfo.Of(resource).RctlName, actionName, amountValue, perType);
    }

    private static string ParseSubject(string rule, Field subject)
    {
        string text = subject.Text.ToLowerInvariant();
        // rctl(8) expands these aliases itself; the kernel knows only the full names.
        string expanded = text switch
        {
            "u" => RctlVocabulary.User,
            "p" => RctlVocabulary.Process,
            "l" or "c" or "class" => RctlVocabulary.LoginClass,
            "j" => RctlVocabulary.Jail,
            _ => text,
        };
        if (expanded.Length == 0) throw Fail(rule, subject.Start, "missing subject (process, user, loginclass or jail)");
        if (expanded is "g" or "group")
            throw Fail(rule, subject.Start, "rctl(8) accepts a group subject but the kernel has none (subjectnames[] in kern_rctl.c)");
        if (!RctlVocabulary.IsSubject(expanded))
            throw Fail(rule, subject.Start, $"unknown subject '{subject.Text}' (expected process, user, loginclass or jail)");
        return expanded;
    }

    private static void ValidateSubjectId(string rule, string subjectType, Field id)
    {
        if (id.Text.Length == 0)
            throw Fail(rule, id.Start, $"missing subject id: a rule must name its {subjectType} ('{subjectType}:' alone is a filter)");
        switch (subjectType)
        {
            case RctlVocabulary.Process:
                if (!int.TryParse(id.Text, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                    throw Fail(rule, id.Start, $"a process is named by its numeric PID, not '{id.Text}'");
                break;
            case RctlVocabulary.User:
                // rctl(8) resolves user names with getpwnam(3); this service passes ids through as the kernel takes them.
                if (!uint.TryParse(id.Text, NumberStyles.None, CultureInfo.InvariantCulture, out _))
                    throw Fail(rule, id.Start, $"a user is named by its numeric UID here, not '{id.Text}' (user names are not looked up)");
                break;
            case RctlVocabulary.Jail:
                if (id.Text.Length > MaxJailNameLength)
                    throw Fail(rule, id.Start, $"the jail name is {id.Text.Length} characters; the kernel allows {MaxJailNameLength} (ENAMETOOLONG)");
                break;
        }
        int comma = id.Text.IndexOf(',', StringComparison.Ordinal);
        if (comma >= 0)
            throw Fail(rule, id.Start + comma, "',' separates rules in the kernel's rule list, so a name holding one cannot be read back");
        int control = id.Text.AsSpan().IndexOfAnyInRange('\0', '\x1f');
        if (control >= 0) throw Fail(rule, id.Start + control, "control character in the subject id");
    }

    private static Resource ParseResource(string rule, Field field)
    {
        if (field.Text.Length == 0) throw Fail(rule, field.Start, "missing resource (e.g. memoryuse, maxproc, pcpu)");
        if (!RacctNames.TryGetResource(field.Text.ToLowerInvariant(), out var resource))
            throw Fail(rule, field.Start, $"unknown resource '{field.Text}' (see rctl(8) RESOURCES: cputime, datasize, stacksize, coredumpsize, memoryuse, memorylocked, maxproc, openfiles, vmemoryuse, pseudoterminals, swapuse, nthr, msgqqueued, msgqsize, nmsgq, nsem, nsemop, nshm, shmsize, wallclock, pcpu, readbps, writebps, readiops, writeiops)");
        return resource;
    }

    private static string ParseAction(string rule, Field field)
    {
        if (field.Text.Length == 0) throw Fail(rule, field.Start, "missing action (deny, log, devctl, throttle or a signal such as sigterm)");
        if (!RctlVocabulary.IsAction(field.Text))
            throw Fail(rule, field.Start, $"unknown action '{field.Text}' (expected deny, log, devctl, throttle or a signal such as sigterm)");
        return field.Text.ToLowerInvariant();
    }

    private static long ParseAmount(string rule, Field field, Resource resource)
    {
        if (!ExpandNumber.TryParse(field.Text, out ulong value, out string? error))
            throw Fail(rule, field.Start, error!);
        // The kernel reads the amount as int64 (str2int64: negative → ERANGE) …
        if (value > long.MaxValue)
            throw Fail(rule, field.Start, $"the amount '{field.Text}' exceeds the kernel's 64-bit signed range (ERANGE)");
        // … and multiplies cputime, wallclock and pcpu by 10^6 (RACCT_IS_IN_MILLIONS), refusing overflow.
        if (RacctNames.IsStoredInMillions(resource) && value > long.MaxValue / 1_000_000)
            throw Fail(rule, field.Start, $"the amount '{field.Text}' is too large for {ResourceInfo.Of(resource).RctlName}, which the kernel stores ×10^6 (ERANGE)");
        return (long)value;
    }

    private static string ParsePer(string rule, Field field)
    {
        if (field.Text.Length == 0) throw Fail(rule, field.Start, "missing per after '/' (process, user, loginclass or jail)");
        if (!RctlVocabulary.IsSubject(field.Text))
            throw Fail(rule, field.Start, $"unknown per '{field.Text}' (expected process, user, loginclass or jail)");
        return field.Text.ToLowerInvariant();
    }

    private static int Find(string text, char c, int from, int end) => text.IndexOf(c, from, end - from);

    private static int FindAny(string text, string chars, int from, int end)
    {
        int i = text.AsSpan(from, end - from).IndexOfAny(chars);
        return i < 0 ? -1 : from + i;
    }

    private static RctlRuleSyntaxException Fail(string rule, int position, string reason) => new(rule, position, reason);

    /// <summary>One field of the rule: its text and where it starts.</summary>
    private readonly record struct Field(string Rule, int Start, int End)
    {
        public string Text => Rule[Start..End];
    }
}
