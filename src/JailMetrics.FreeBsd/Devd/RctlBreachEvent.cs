using JailMetrics.FreeBsd.Text;
using JailMetrics.Model;
using JailMetrics.Rules;

namespace JailMetrics.FreeBsd.Devd;

/// <summary>
/// One RCTL <c>devctl</c> notification: a process crossed the amount of a rule whose action is
/// <c>devctl</c> (sys/kern/kern_rctl.c <c>rctl_enforce</c>; reference freebsd.md §1.8). The kernel sends
/// it once per (rule, process) until usage drops below the amount again, rate-limited by
/// kern.racct.rctl.devctl_rate_limit.
/// </summary>
/// <param name="RuleText">The rule as the kernel printed it; possibly cut short when <paramref name="Truncated"/>.</param>
/// <param name="Rule">The parsed rule, or null when the text was cut or unreadable.</param>
/// <param name="Jail">
/// The jail the offending process runs in (<c>jail=</c>). For a rule on a parent jail this is the child's
/// full dotted name. When that field was cut, the rule's own jail name stands in, if the rule names one.
/// </param>
/// <param name="Pid">The offending process, or null when cut.</param>
/// <param name="Ruid">Its real user id, or null when cut.</param>
/// <param name="Resource">The resource the rule limits, when readable and known to this build.</param>
/// <param name="Truncated">The kernel's 128-byte buffer was full, so the last field may be incomplete.</param>
public sealed record RctlBreachEvent(
    string RuleText,
    RctlRule? Rule,
    string? Jail,
    int? Pid,
    int? Ruid,
    Resource? Resource,
    bool Truncated);
