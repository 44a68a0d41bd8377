using System.Globalization;

namespace JailMetrics.Testing.FreeBsd;

/// <summary>
/// A rule or filter as the fake kernel parses it: <c>subject:subject-id:resource:action=amount/per</c>
/// (rctl_string_to_rule in sys/kern/kern_rctl.c; reference/freebsd.md §1.2). In a filter any field may
/// be empty and then matches everything. Names are matched case-insensitively and kept lower-case.
/// </summary>
public sealed record FakeRctlRule(string Subject, string Id, string Resource, string Action, ulong? Amount, string Per)
{
    private static readonly string[] Subjects = ["process", "user", "loginclass", "jail"];

    /// <summary>resourcenames[] in kern_rctl.c, in RACCT id order.</summary>
    public static readonly IReadOnlyList<string> Resources =
    [
        "cputime", "datasize", "stacksize", "coredumpsize", "memoryuse", "memorylocked", "maxproc", "openfiles",
        "vmemoryuse", "pseudoterminals", "swapuse", "nthr", "msgqqueued", "msgqsize", "nmsgq", "nsem", "nsemop",
        "nshm", "shmsize", "wallclock", "pcpu", "readbps", "writebps", "readiops", "writeiops",
    ];

    /// <summary>actionnames[]: the signals sighup…sigthr, then deny, log, devctl, throttle.</summary>
    private static readonly string[] Actions =
    [
        "sighup", "sigint", "sigquit", "sigill", "sigtrap", "sigabrt", "sigemt", "sigfpe", "sigkill", "sigbus",
        "sigsegv", "sigsys", "sigpipe", "sigalrm", "sigterm", "sigurg", "sigstop", "sigtstp", "sigcont", "sigchld",
        "sigttin", "sigttou", "sigio", "sigxcpu", "sigxfsz", "sigvtalrm", "sigprof", "sigwinch", "siginfo",
        "sigusr1", "sigusr2", "sigthr", "deny", "log", "devctl", "throttle",
    ];

    /// <summary>Resources that are neither deniable nor memoryuse/pcpu: deny is EOPNOTSUPP (racct_types[] flags).</summary>
    private static readonly string[] NotDeniable = ["cputime", "wallclock", "readbps", "writebps", "readiops", "writeiops"];

    /// <summary>Decaying resources other than pcpu: the only ones throttle accepts.</summary>
    private static readonly string[] Throttleable = ["readbps", "writebps", "readiops", "writeiops"];

    /// <summary>What identifies a rule: adding a rule with the same key replaces the old amount.</summary>
    public string Key => $"{Subject}:{Id}:{Resource}:{Action}/{EffectivePer}";

    private string EffectivePer => Per.Length == 0 ? Subject : Per;

    public static bool TryParse(string text, bool isFilter, out FakeRctlRule rule)
    {
        rule = null!;
        var fields = text.Split(':', 4);
        string Field(int i) => i < fields.Length ? fields[i].ToLowerInvariant() : "";

        var subject = Field(0);
        var id = fields.Length > 1 ? fields[1] : ""; // jail names and login classes keep their case
        var resource = Field(2);
        var actionPart = Field(3);

        var per = "";
        var slash = actionPart.IndexOf('/');
        if (slash >= 0)
        {
            per = actionPart[(slash + 1)..];
            actionPart = actionPart[..slash];
        }

        ulong? amount = null;
        var equals = actionPart.IndexOf('=');
        var action = equals >= 0 ? actionPart[..equals] : actionPart;
        if (equals >= 0)
        {
            if (!ulong.TryParse(actionPart[(equals + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                return false;
            }

            amount = value;
        }

        if (!Known(subject, Subjects, isFilter) || !Known(resource, Resources, isFilter) ||
            !Known(action, Actions, isFilter) || !Known(per, Subjects, allowEmpty: true))
        {
            return false;
        }

        if (!isFilter && (id.Length == 0 || amount is null))
        {
            return false;
        }

        if (subject is "process" or "user" && id.Length > 0 && !id.All(char.IsAsciiDigit))
        {
            return false;
        }

        rule = new FakeRctlRule(subject, id, resource, action, amount, per);
        return true;
    }

    /// <summary>The resource/action/per combinations rctl_rule_add accepts (reference/freebsd.md §1.4).</summary>
    public bool IsAllowedCombination() => Action switch
    {
        "deny" => !NotDeniable.Contains(Resource),
        "throttle" => Throttleable.Contains(Resource),
        _ => true,
    };

    /// <summary>rctl_rule_matches: empty filter fields match anything; the amount is not compared.</summary>
    public bool Matches(FakeRctlRule rule) =>
        (Subject.Length == 0 || Subject == rule.Subject) &&
        (Id.Length == 0 || Id == rule.Id) &&
        (Resource.Length == 0 || Resource == rule.Resource) &&
        (Action.Length == 0 || Action == rule.Action) &&
        (Per.Length == 0 || Per == rule.EffectivePer);

    /// <summary>As rctl_rule_to_sbuf prints it: /per only when it differs from the subject.</summary>
    public override string ToString() =>
        $"{Subject}:{Id}:{Resource}:{Action}={Amount}" + (EffectivePer == Subject ? "" : "/" + EffectivePer);

    private static bool Known(string value, IEnumerable<string> names, bool allowEmpty) =>
        value.Length == 0 ? allowEmpty : names.Contains(value);
}
