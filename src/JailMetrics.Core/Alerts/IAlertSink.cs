namespace JailMetrics.Alerts;

/// <summary>
/// Told every alert transition, in the order they happen (notifiers, enforcers). Called on the
/// sampler's thread after the evaluator has saved its state, so it must be quick: queue slow work
/// (a webhook, an inform awaiting its response) rather than do it here. An exception is logged and
/// does not keep the transition from the other sinks.
/// </summary>
public interface IAlertSink
{
    void OnTransition(AlertTransition transition);

    /// <summary>
    /// Told once, when the evaluator starts, of the alerts that were firing when the service last
    /// stopped and are restored from its state file. They are not transitions: nothing new happened,
    /// so a notifier must not announce them again (no second breach trap). Only a notifier whose
    /// receiver forgets an alert it does not hear of (Alertmanager's resolve_timeout) takes them up.
    /// </summary>
    void OnRestored(IReadOnlyList<ActiveAlert> firing)
    {
    }
}
