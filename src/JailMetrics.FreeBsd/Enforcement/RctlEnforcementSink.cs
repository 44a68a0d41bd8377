using JailMetrics.Alerts;
using JailMetrics.Rules;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace JailMetrics.FreeBsd.Enforcement;

/// <summary>
/// Feeds alert transitions to an <see cref="RctlEnforcer"/>: a firing alert with an enforcement adds
/// its rctl rule, a resolving one (not sticky) removes it. Unlike the Linux adapter no lookup is
/// needed, because an rctl rule names the jail itself and the evaluator has already put the jail's
/// name into it. The enforcer logs every outcome; this only adds the alert it came from.
/// <para>
/// <paramref name="dryRun"/> exists here rather than in the enforcer because a dry run must not touch
/// the ledger either: the ledger is what allows a later removal, and a rule never added must not be
/// owned.
/// </para>
/// </summary>
public sealed class RctlEnforcementSink(RctlEnforcer enforcer, ILogger? logger = null, bool dryRun = false) : IEnforcementSink
{
    private readonly ILogger _logger = logger ?? NullLogger.Instance;

    public EnforcementOutcome Enforce(AlertTransition transition)
    {
        ArgumentNullException.ThrowIfNull(transition);
        if (transition.Enforcement is not { } rule) return EnforcementOutcome.Nothing;
        if (transition.InstallsEnforcement) return Apply(transition, rule, install: true);
        if (transition.RemovesEnforcement) return Apply(transition, rule, install: false);
        return EnforcementOutcome.Nothing;
    }

    private EnforcementOutcome Apply(AlertTransition transition, RctlRule rule, bool install)
    {
        string verb = install ? "add" : "remove";
        if (dryRun)
        {
            _logger.LogInformation("Dry run: alert {Alert} on jail {Jail} would {Verb} rctl rule {Rule}", transition.Rule.Name, transition.Jail, verb, rule);
            return EnforcementOutcome.DryRun;
        }
        try
        {
            var result = install ? enforcer.Add(rule) : enforcer.Remove(rule);
            // The enforcer has logged the details; a refusal or failure also needs the alert that asked.
            if (!result.Succeeded)
                _logger.LogWarning("Alert {Alert} on jail {Jail} could not {Verb} rctl rule {Rule}: {Outcome}", transition.Rule.Name, transition.Jail, verb, rule, result.Outcome);
            return result.Outcome switch
            {
                RctlOutcome.NotOwned or RctlOutcome.ForeignRule => EnforcementOutcome.Refused,
                RctlOutcome.Failed => EnforcementOutcome.Failed,
                _ => EnforcementOutcome.Done,
            };
        }
        catch (Exception e)
        {
            // Never throw: a rule the enforcer will not manage (not a jail rule) or a state directory
            // gone bad must not reach the evaluator, which would log it without saying which alert asked.
            _logger.LogError(e, "Alert {Alert} on jail {Jail} could not {Verb} rctl rule {Rule}", transition.Rule.Name, transition.Jail, verb, rule);
            return EnforcementOutcome.Failed;
        }
    }
}
