using System.Collections.Immutable;
using JailMetrics.Model;

namespace JailMetrics.Alerts;

/// <summary>One validated, immutable alert rule; made by <see cref="AlertRuleParser"/>.</summary>
public sealed record AlertRule
{
    /// <summary>Unique among the configured rules; the <c>rule</c> label.</summary>
    public required string Name { get; init; }

    /// <summary>The rule's position in the configured list; -1 for a rule known only from saved state (see <see cref="IsConfigured"/>).</summary>
    public int Index { get; init; }

    public required JailGlob Jails { get; init; }

    public required Resource Resource { get; init; }

    /// <summary>The alert becomes pending, then firing, when the value is above this.</summary>
    public required AlertThreshold Threshold { get; init; }

    /// <summary>The hysteresis: a firing alert resolves only at or below this. Null: the threshold itself.</summary>
    public AlertThreshold? Clear { get; init; }

    /// <summary>How long the value must stay above the threshold before the alert fires.</summary>
    public TimeSpan For { get; init; }

    public AlertSeverity Severity { get; init; } = AlertSeverity.Warning;

    public ImmutableArray<AlertNotifyTarget> Notify { get; init; } = [];

    /// <summary>The rctl rule to install while firing, or null.</summary>
    public EnforcementTemplate? Enforce { get; init; }

    /// <summary>Leave the enforcement in place when the alert resolves.</summary>
    public bool Sticky { get; init; }

    /// <summary>The threshold a firing alert must fall to before it resolves.</summary>
    public AlertThreshold ClearThreshold => Clear ?? Threshold;

    /// <summary>
    /// False for a rule that was firing when the service stopped and is no longer in the configuration:
    /// it is kept only so that its alerts can resolve (and their enforcement be removed) once.
    /// </summary>
    public bool IsConfigured => Index >= 0;

    /// <summary>The rule in its one-line form: <c>jail:db*:memoryuse:alert=80%</c>.</summary>
    public override string ToString() => $"jail:{Jails}:{ResourceInfo.Of(Resource).RctlName}:alert={Threshold}";
}
