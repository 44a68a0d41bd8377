using JailMetrics.Model;

namespace JailMetrics.Rules;

/// <summary>
/// The kernel's fixed tables for rule text (sys/kern/kern_rctl.c: <c>subjectnames[]</c>,
/// <c>actionnames[]</c>; reference freebsd.md §1.2, §1.4), and the action/resource combinations
/// <c>rctl_rule_add</c> refuses with EOPNOTSUPP. The kernel matches names case-insensitively
/// (<c>str2value</c> uses strcasecmp) and always prints them in lower case.
/// </summary>
public static class RctlVocabulary
{
    public const string Process = "process";
    public const string User = "user";
    public const string LoginClass = "loginclass";
    public const string Jail = "jail";

    public const string Deny = "deny";
    public const string Log = "log";
    public const string Devctl = "devctl";
    public const string Throttle = "throttle";

    /// <summary>The four subject types, which are also the only valid values of <c>/per</c>.</summary>
    public static IReadOnlyList<string> Subjects { get; } = [Process, User, LoginClass, Jail];

    /// <summary>The signal actions (value = signal number) followed by deny, log, devctl and throttle.</summary>
    public static IReadOnlyList<string> Actions { get; } =
    [
        "sighup", "sigint", "sigquit", "sigill", "sigtrap", "sigabrt", "sigemt", "sigfpe", "sigkill", "sigbus",
        "sigsegv", "sigsys", "sigpipe", "sigalrm", "sigterm", "sigurg", "sigstop", "sigtstp", "sigchld", "sigttin",
        "sigttou", "sigio", "sigxcpu", "sigxfsz", "sigvtalrm", "sigprof", "sigwinch", "siginfo", "sigusr1",
        "sigusr2", "sigthr", Deny, Log, Devctl, Throttle,
    ];

    private static readonly HashSet<string> SubjectSet = new(Subjects, StringComparer.OrdinalIgnoreCase);
    private static readonly HashSet<string> ActionSet = new(Actions, StringComparer.OrdinalIgnoreCase);

    public static bool IsSubject(string name) => SubjectSet.Contains(name);

    public static bool IsAction(string name) => ActionSet.Contains(name);

    // racct_types[] in sys/kern/kern_racct.c, by flag (reference §1.3).
    private static readonly HashSet<Resource> Deniable =
    [
        Resource.DataSize, Resource.StackSize, Resource.CoreDumpSize, Resource.MemoryLocked, Resource.MaxProc,
        Resource.OpenFiles, Resource.VMemoryUse, Resource.PseudoTerminals, Resource.SwapUse, Resource.NThr,
        Resource.MsgqQueued, Resource.MsgqSize, Resource.NMsgq, Resource.NSem, Resource.NSemop, Resource.NShm,
        Resource.ShmSize, Resource.Pcpu,
    ];

    private static readonly HashSet<Resource> Sloppy =
    [
        Resource.PseudoTerminals, Resource.SwapUse, Resource.MsgqQueued, Resource.MsgqSize, Resource.NMsgq,
        Resource.NSem, Resource.NShm, Resource.ShmSize,
    ];

    private static readonly HashSet<Resource> Decaying =
    [
        Resource.Pcpu, Resource.ReadBps, Resource.WriteBps, Resource.ReadIops, Resource.WriteIops,
    ];

    /// <summary>
    /// Why <c>rctl_rule_add</c> would refuse this combination with EOPNOTSUPP, or null when it is allowed.
    /// </summary>
    public static string? WhyNotAllowed(Resource resource, string action, string per) =>
        WhyActionNotAllowed(resource, action) ?? WhyPerNotAllowed(resource, per);

    /// <summary>
    /// deny only on deniable resources plus memoryuse and pcpu (enforced another way); throttle only on
    /// decaying resources other than pcpu. Null when allowed.
    /// </summary>
    public static string? WhyActionNotAllowed(Resource resource, string action)
    {
        string name = ResourceInfo.Of(resource).RctlName;
        if (action.Equals(Deny, StringComparison.OrdinalIgnoreCase) && !Deniable.Contains(resource) && resource != Resource.MemoryUse)
            return $"the kernel cannot deny {name} (not a deniable resource); use log, devctl or a signal";
        if (action.Equals(Throttle, StringComparison.OrdinalIgnoreCase) && (!Decaying.Contains(resource) || resource == Resource.Pcpu))
            return $"throttle works only on readbps, writebps, readiops and writeiops, not {name}";
        return null;
    }

    /// <summary><c>/process</c> is refused for sloppy (per-credential) resources. Null when allowed.</summary>
    public static string? WhyPerNotAllowed(Resource resource, string per) =>
        per.Equals(Process, StringComparison.OrdinalIgnoreCase) && Sloppy.Contains(resource)
            ? $"{ResourceInfo.Of(resource).RctlName} is accounted per credential, so it cannot be counted /process"
            : null;
}
