using System.Collections.Immutable;

namespace JailMetrics.Alerts;

/// <summary>What <see cref="AlertRuleParser"/> made of the configuration: the valid rules, and every error found.</summary>
public sealed record AlertRuleSet(ImmutableArray<AlertRule> Rules, ImmutableArray<AlertRuleError> Errors)
{
    /// <summary>True when every configured rule is valid; the service refuses to start otherwise.</summary>
    public bool IsValid => Errors.IsEmpty;

    /// <summary>All errors, one a line, for the startup failure message.</summary>
    public string Describe() => string.Join(Environment.NewLine, Errors);
}
