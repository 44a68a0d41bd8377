using JailMetrics.Rules;

namespace JailMetrics.Alerts;

/// <summary>
/// One (rule, jail) alert moved from <see cref="From"/> to <see cref="To"/>. <see cref="Value"/> is the
/// sampled value that caused it (the last one known when the jail disappeared) and
/// <see cref="Threshold"/> the resolved threshold it was compared with (the clear threshold when
/// resolving). <see cref="Enforcement"/> is the rctl rule this alert installs when it starts firing, or
/// installed and now leaves when it resolves.
/// </summary>
public sealed record AlertTransition(
    AlertRule Rule,
    string Jail,
    AlertState From,
    AlertState To,
    double Value,
    double Threshold,
    DateTimeOffset Timestamp,
    string Reason,
    RctlRule? Enforcement)
{
    /// <summary>True when an enforcer should install <see cref="Enforcement"/> now.</summary>
    public bool InstallsEnforcement => To == AlertState.Firing && Enforcement is not null;

    /// <summary>True when an enforcer should remove <see cref="Enforcement"/> now (it resolved, and the rule is not sticky).</summary>
    public bool RemovesEnforcement => To == AlertState.Resolved && Enforcement is not null && !Rule.Sticky;
}
