using JailMetrics.Alerts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace JailMetrics.Linux.Enforcement;

/// <summary>
/// Feeds alert transitions to a <see cref="LinuxCgroupEnforcer"/>: a firing alert with an enforcement
/// applies it, a resolving one removes it. <see cref="AlertTransition"/> names the jail but not its
/// cgroup, so the caller supplies <c>cgroupOfJail</c> (from the latest snapshot's
/// <c>JailInfo.Parameters["cgroup"]</c>); a jail it cannot resolve is logged and skipped.
/// </summary>
public sealed class CgroupEnforcementSink(LinuxCgroupEnforcer enforcer, Func<string, string?> cgroupOfJail, ILogger? logger = null) : IEnforcementSink
{
    private readonly ILogger _logger = logger ?? NullLogger.Instance;

    public EnforcementOutcome Enforce(AlertTransition transition)
    {
        ArgumentNullException.ThrowIfNull(transition);
        if (!transition.InstallsEnforcement && !transition.RemovesEnforcement) return EnforcementOutcome.Nothing;
        if (cgroupOfJail(transition.Jail) is not { } cgroup)
        {
            _logger.LogWarning("Cannot enforce {Rule} on jail {Jail}: its cgroup is not known", transition.Enforcement, transition.Jail);
            return EnforcementOutcome.Failed;
        }
        var result = transition.InstallsEnforcement
            ? enforcer.Apply(transition.Jail, cgroup, transition.Enforcement!)
            : enforcer.Remove(transition.Jail, cgroup, transition.Enforcement!);
        return result.Outcome switch
        {
            CgroupOutcome.DryRun => EnforcementOutcome.DryRun,
            CgroupOutcome.NotOwned or CgroupOutcome.ForeignLimit or CgroupOutcome.Unsupported => EnforcementOutcome.Refused,
            CgroupOutcome.Failed => EnforcementOutcome.Failed,
            _ => EnforcementOutcome.Done,
        };
    }
}
