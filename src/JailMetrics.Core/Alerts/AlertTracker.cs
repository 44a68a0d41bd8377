using System.Globalization;
using JailMetrics.Rules;

namespace JailMetrics.Alerts;

/// <summary>
/// The state machine of one (rule, jail) pair. Goes pending when the value rises above the threshold,
/// fires once it has stayed above for the rule's <c>For</c> (measured on the monotonic clock, so a
/// wall-clock step neither fires nor delays an alert), and resolves when it falls to the clear
/// threshold. A pending alert that falls back to the threshold returns to inactive.
/// </summary>
internal sealed class AlertTracker(AlertRule rule, string jail)
{
    private long _aboveSince; // TimeProvider.GetTimestamp() of the first sample above the threshold

    public AlertRule Rule { get; } = rule;

    public string Jail { get; } = jail;

    public AlertState State { get; private set; } = AlertState.Inactive;

    /// <summary>When the alert entered <see cref="State"/>.</summary>
    public DateTimeOffset Since { get; private set; }

    /// <summary>The latest value seen.</summary>
    public double Value { get; private set; }

    /// <summary>The threshold the latest value was compared with.</summary>
    public double Threshold { get; private set; }

    /// <summary>The rctl rule installed while firing, if any.</summary>
    public RctlRule? Enforcement { get; private set; }

    /// <summary>Inactive or resolved: nothing left to track until the value rises again.</summary>
    public bool IsOver => State is AlertState.Inactive or AlertState.Resolved;

    /// <summary>An alert that was firing, with its enforcement installed, when the service last stopped.</summary>
    public static AlertTracker RestoreFiring(AlertRule rule, string jail, DateTimeOffset since, double value, double threshold, RctlRule? enforcement) =>
        new(rule, jail) { State = AlertState.Firing, Since = since, Value = value, Threshold = threshold, Enforcement = enforcement };

    /// <summary>Applies one sample's observation; returns the transition it causes, or null.</summary>
    public AlertTransition? Observe(AlertObservation observation, TimeProvider time)
    {
        switch (observation)
        {
            case AlertObservation.Unknown:
                return null;
            case AlertObservation.Ended ended:
                return State switch
                {
                    AlertState.Pending => MoveTo(AlertState.Inactive, Value, Threshold, ended.Reason, time),
                    AlertState.Firing => MoveTo(AlertState.Resolved, Value, Threshold, ended.Reason, time),
                    _ => null,
                };
            case AlertObservation.Measured m:
                return Observe(m, time);
            default:
                throw new ArgumentOutOfRangeException(nameof(observation), observation, null);
        }
    }

    private AlertTransition? Observe(AlertObservation.Measured m, TimeProvider time)
    {
        switch (State)
        {
            case AlertState.Inactive or AlertState.Resolved:
                if (m.Value <= m.Threshold) return null;
                _aboveSince = time.GetTimestamp();
                return Rule.For <= TimeSpan.Zero
                    ? Fire(m, $"{Show(m.Value)} is above {Show(m.Threshold)}", time)
                    : MoveTo(AlertState.Pending, m.Value, m.Threshold, $"{Show(m.Value)} is above {Show(m.Threshold)}; fires if it stays above for {Rule.For}", time);

            case AlertState.Pending:
                if (m.Value <= m.Threshold)
                    return MoveTo(AlertState.Inactive, m.Value, m.Threshold, $"{Show(m.Value)} fell to {Show(m.Threshold)} or below before {Rule.For} had passed", time);
                TimeSpan above = time.GetElapsedTime(_aboveSince);
                if (above >= Rule.For) return Fire(m, $"{Show(m.Value)} has been above {Show(m.Threshold)} for {above}", time);
                (Value, Threshold) = (m.Value, m.Threshold);
                return null;

            case AlertState.Firing:
                if (m.Value > m.Clear)
                {
                    (Value, Threshold) = (m.Value, m.Threshold);
                    return null;
                }
                return MoveTo(AlertState.Resolved, m.Value, m.Clear, $"{Show(m.Value)} fell to the clear threshold {Show(m.Clear)} or below", time);

            default:
                throw new InvalidOperationException($"unknown state {State}");
        }
    }

    private AlertTransition Fire(AlertObservation.Measured m, string reason, TimeProvider time)
    {
        if (Rule.Enforce is { } template)
        {
            try
            {
                Enforcement = template.For(Jail);
            }
            catch (FormatException e)
            {
                // The template was checked at startup; only this jail's name can make it invalid.
                reason += $"; cannot enforce {template} on this jail: {e.Message}";
            }
        }
        return MoveTo(AlertState.Firing, m.Value, m.Threshold, reason, time);
    }

    private AlertTransition MoveTo(AlertState to, double value, double threshold, string reason, TimeProvider time)
    {
        var now = time.GetUtcNow();
        var transition = new AlertTransition(Rule, Jail, State, to, value, threshold, now, reason, Enforcement);
        (State, Since, Value, Threshold) = (to, now, value, threshold);
        if (to is AlertState.Resolved or AlertState.Inactive) Enforcement = null;
        return transition;
    }

    private static string Show(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
