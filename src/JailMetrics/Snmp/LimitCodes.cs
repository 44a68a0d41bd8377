namespace JailMetrics.Service.Snmp;

/// <summary>The numbers JAILMETRICS-MIB gives rctl actions (JmLimitAction) and subjects (JmLimitSubject).</summary>
public static class LimitCodes
{
    /// <summary>Signal actions are 10 + the FreeBSD signal number, so a new signal needs no renumbering.</summary>
    private const uint SignalBase = 10;

    // FreeBSD's signal names in signal-number order (sys/signal.h: SIGHUP = 1 … SIGLIBRT = 33).
    private static readonly string[] Signals =
    [
        "sighup", "sigint", "sigquit", "sigill", "sigtrap", "sigabrt", "sigemt", "sigfpe", "sigkill", "sigbus",
        "sigsegv", "sigsys", "sigpipe", "sigalrm", "sigterm", "sigurg", "sigstop", "sigtstp", "sigcont", "sigchld",
        "sigttin", "sigttou", "sigio", "sigxcpu", "sigxfsz", "sigvtalrm", "sigprof", "sigwinch", "siginfo", "sigusr1",
        "sigusr2", "sigthr", "siglibrt",
    ];

    private static readonly Dictionary<string, uint> Actions = BuildActions();

    private static readonly Dictionary<string, uint> Subjects = new(StringComparer.OrdinalIgnoreCase)
    {
        ["jail"] = 1,
        ["process"] = 2,
        ["user"] = 3,
        ["loginclass"] = 4,
    };

    /// <summary>Every action the MIB names, with its number.</summary>
    public static IReadOnlyDictionary<string, uint> AllActions => Actions;

    /// <summary>Every subject the MIB names, with its number.</summary>
    public static IReadOnlyDictionary<string, uint> AllSubjects => Subjects;

    /// <summary>JmLimitAction's number for an rctl action; false for an action the MIB does not name.</summary>
    public static bool TryGetAction(string action, out uint code) => Actions.TryGetValue(action, out code);

    /// <summary>JmLimitSubject's number for a rule's <c>/per</c>; no per means the jail.</summary>
    public static bool TryGetSubject(string? per, out uint code) => Subjects.TryGetValue(per ?? "jail", out code);

    private static Dictionary<string, uint> BuildActions()
    {
        var actions = new Dictionary<string, uint>(StringComparer.OrdinalIgnoreCase)
        {
            ["deny"] = 1,
            ["log"] = 2,
            ["devctl"] = 3,
            ["throttle"] = 4,
        };
        for (int i = 0; i < Signals.Length; i++) actions[Signals[i]] = SignalBase + (uint)i + 1;
        return actions;
    }
}
