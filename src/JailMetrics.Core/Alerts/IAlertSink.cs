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
}
