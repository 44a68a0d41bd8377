using JailMetrics.FreeBsd.Native;
using JailMetrics.FreeBsd.Text;
using JailMetrics.Model;
using JailMetrics.Rules;

namespace JailMetrics.FreeBsd.Enforcement;

/// <summary>
/// Turns the errno of an rctl(2) call into a sentence an operator can act on
/// (rctl_add_rule.2 ERRORS and sys/kern/kern_rctl.c; reference freebsd.md §1.6).
/// </summary>
public static class RctlErrors
{
    public static string Describe(int errno, RctlRule? rule = null) => errno switch
    {
        Errno.EPERM =>
            "permission denied: changing rctl rules needs root on the host (root inside a jail gets EPERM too); run jailmetrics as root",
        Errno.ENOSYS =>
            "RACCT/RCTL is not enabled in this kernel: add kern.racct.enable=1 to /boot/loader.conf and reboot " +
            "(GENERIC kernels ship RACCT switched off; a custom kernel needs 'options RACCT' and 'options RCTL')",
        Errno.EOPNOTSUPP => DescribeNotSupported(rule),
        Errno.EINVAL => rule is null
            ? "the kernel rejected the rule or filter as malformed or incomplete (EINVAL)"
            : $"the kernel rejected '{rule}' as malformed or incomplete (EINVAL)",
        Errno.ESRCH => "no such rule or process (ESRCH)",
        Errno.ENAMETOOLONG => "the jail or login class name is too long for the kernel (ENAMETOOLONG)",
        Errno.ERANGE => "the amount is out of the kernel's range (ERANGE)",
        Errno.E2BIG => "the rule text is longer than the kernel's 4096-byte limit (E2BIG)",
        _ => $"rctl failed with errno {errno}",
    };

    // rctl_rule_add refuses some action/resource/per combinations outright (reference §1.4).
    private static string DescribeNotSupported(RctlRule? rule)
    {
        if (rule is null) return "the kernel does not allow that action/resource combination (EOPNOTSUPP)";
        string? reason = rule.Resource is Resource resource ? RctlVocabulary.WhyNotAllowed(resource, rule.Action, rule.EffectivePer) : null;
        return $"the kernel does not allow action '{rule.Action}' on resource '{rule.ResourceName}' per {rule.EffectivePer}" +
               (reason is null ? "" : ": " + reason) + " (EOPNOTSUPP)";
    }
}
