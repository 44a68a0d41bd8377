using System.Collections.Immutable;
using JailMetrics.Model;
using JailMetrics.Store;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace JailMetrics.Alerts;

/// <summary>
/// Runs the alert rules on every sample: keeps one <see cref="AlertTracker"/> per (rule, jail) that is
/// pending or firing, tells the <see cref="IAlertSink"/>s every transition in order, logs each one,
/// publishes the <see cref="Active"/> alerts for the Prometheus and SNMP views, and saves the firing
/// ones (with the enforcement they installed) so that they survive a restart.
/// </summary>
/// <remarks>
/// Rules apply to jails, not to the host. A jail that disappears, or stops matching, resolves its
/// alerts; so does a percentage rule on a jail whose limit is removed. A value that was not sampled
/// holds the alert where it is. Why a rule does not apply to a matching jail is logged once, and again
/// only when the reason changes.
/// </remarks>
public sealed class AlertEvaluator : ISnapshotConsumer
{
    private readonly ImmutableArray<AlertRule> _rules;
    private readonly Dictionary<string, int> _ruleOrder; // by name; rules no longer configured come last
    private readonly ImmutableArray<IAlertSink> _sinks;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly FiringAlertFile _file;
    private readonly Lock _lock = new();
    private readonly Dictionary<AlertKey, AlertTracker> _trackers = [];
    private readonly Dictionary<AlertKey, string> _explained = []; // the "does not apply" reason last logged
    private volatile IReadOnlyList<ActiveAlert> _active = [];
    private Snapshot? _previous; // the sample before the one being evaluated; null before the first

    /// <param name="rules">Valid rules, from <see cref="AlertRuleParser"/>.</param>
    /// <param name="stateDirectory">Where firing alerts are saved (<see cref="FileName"/>).</param>
    public AlertEvaluator(
        IEnumerable<AlertRule> rules,
        IEnumerable<IAlertSink> sinks,
        string stateDirectory,
        TimeProvider? timeProvider = null,
        ILogger<AlertEvaluator>? logger = null)
    {
        _rules = [.. rules];
        _sinks = [.. sinks];
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger<AlertEvaluator>.Instance;
        _file = new FiringAlertFile(Path.Combine(stateDirectory, FileName), _logger);

        _ruleOrder = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var rule in _rules)
            if (!_ruleOrder.TryAdd(rule.Name, _ruleOrder.Count))
                throw new ArgumentException($"two alert rules are named '{rule.Name}'", nameof(rules));

        RestoreFiring();
        _active = BuildActive();
        TellRestored();
    }

    /// <summary>The file, in the state directory, that holds the firing alerts.</summary>
    public const string FileName = FiringAlertFile.FileName;

    public IReadOnlyList<AlertRule> Rules => _rules;

    /// <summary>The pending and firing alerts after the latest sample, by rule then jail; safe to read from any thread.</summary>
    public IReadOnlyList<ActiveAlert> Active => _active;

    public void OnSnapshot(Snapshot current)
    {
        ArgumentNullException.ThrowIfNull(current);
        lock (_lock)
        {
            var transitions = Evaluate(current);
            _previous = current;

            // Saved before anyone hears of it: an enforcer installing a limit must find it recorded
            // should the service stop right after.
            if (transitions.Any(t => t.To is AlertState.Firing or AlertState.Resolved))
                _file.Save(_trackers.Values.Where(t => t.State == AlertState.Firing).Select(FiringAlertFile.Entry.Of));
            _active = BuildActive(); // every sample: pending and firing alerts show the latest value

            foreach (var transition in transitions)
            {
                Log(transition);
                Deliver(transition);
            }
        }
    }

    private List<AlertTransition> Evaluate(Snapshot snapshot)
    {
        var jails = snapshot.JailsWithoutHost.OrderBy(j => j.Name, StringComparer.Ordinal).ToList();
        var observed = new List<(AlertKey Key, AlertRule Rule, string Jail, AlertObservation Observation)>();
        foreach (var rule in _rules)
            foreach (var jail in jails.Where(j => rule.Jails.IsMatch(j.Name)))
                observed.Add((new AlertKey(rule.Name, jail.Name), rule, jail.Name, Observe(rule, jail, snapshot, _previous)));
        var evaluated = observed.Select(o => o.Key).ToHashSet();

        // Alerts left over end first: their jail is gone or no longer matches, or their rule left the
        // configuration. Ending them before anything new fires means that when an old and a new alert
        // enforce the same rctl rule (a renamed rule), it is removed and then installed, not the reverse.
        var transitions = new List<AlertTransition>();
        var leftOver = _trackers.Where(pair => !evaluated.Contains(pair.Key))
            .OrderBy(pair => OrderOf(pair.Value))
            .ThenBy(pair => pair.Key.Rule, StringComparer.Ordinal)
            .ThenBy(pair => pair.Key.Jail, StringComparer.Ordinal)
            .ToList();
        foreach (var (key, tracker) in leftOver)
            Step(key, tracker, new AlertObservation.Ended(WhyLeftOver(tracker, snapshot)), transitions);

        foreach (var (key, rule, jail, observation) in observed)
        {
            Explain(key, rule, observation);
            if (!_trackers.TryGetValue(key, out var tracker))
            {
                if (observation is not AlertObservation.Measured) continue;
                tracker = new AlertTracker(rule, jail);
            }
            Step(key, tracker, observation, transitions);
        }

        foreach (var key in _explained.Keys.Where(k => !evaluated.Contains(k)).ToList()) _explained.Remove(key);
        return transitions;
    }

    private void Step(AlertKey key, AlertTracker tracker, AlertObservation observation, List<AlertTransition> transitions)
    {
        if (tracker.Observe(observation, _time) is { } transition) transitions.Add(transition);
        if (tracker.IsOver) _trackers.Remove(key);
        else _trackers[key] = tracker;
    }

    private static AlertObservation Observe(AlertRule rule, JailSample jail, Snapshot snapshot, Snapshot? before)
    {
        if (rule.Threshold.Resolve(jail, snapshot, rule.Resource, out string? whyNot) is not { } threshold)
            return new AlertObservation.Ended(whyNot!);
        // Same form as the threshold (the parser insists), so it resolves whenever the threshold does.
        double clear = rule.ClearThreshold.Resolve(jail, snapshot, rule.Resource, out _) ?? threshold;
        if (rule.Threshold.Measure(jail, before, rule.Resource, out string? unknown) is not { } value)
            return new AlertObservation.Unknown(unknown!);
        return new AlertObservation.Measured(value, threshold, clear);
    }

    private static string WhyLeftOver(AlertTracker tracker, Snapshot snapshot)
    {
        if (!tracker.Rule.IsConfigured) return "the rule is no longer configured";
        var jail = snapshot.Find(tracker.Jail);
        return jail is null || jail.Info.IsHost ? "the jail is gone" : "the jail no longer matches the rule";
    }

    private void Explain(AlertKey key, AlertRule rule, AlertObservation observation)
    {
        string? reason = observation switch
        {
            AlertObservation.Unknown unknown => unknown.Reason,
            AlertObservation.Ended ended => ended.Reason,
            _ => null,
        };
        if (reason is null)
        {
            _explained.Remove(key);
            return;
        }
        if (_explained.TryGetValue(key, out string? logged) && logged == reason) return;
        _explained[key] = reason;
        _logger.LogInformation("Alert rule {Rule} ({Text}) is not evaluated for jail {Jail}: {Reason}", rule.Name, rule, key.Jail, reason);
    }

    private void RestoreFiring()
    {
        var byName = _rules.ToDictionary(r => r.Name, StringComparer.Ordinal);
        foreach (var entry in _file.Load())
        {
            var rule = byName.GetValueOrDefault(entry.Rule) ?? entry.ToRetiredRule();
            var tracker = AlertTracker.RestoreFiring(rule, entry.Jail, entry.Since, entry.Value, entry.Threshold, entry.ParseEnforcement());
            _trackers[new AlertKey(entry.Rule, entry.Jail)] = tracker;
            _logger.LogInformation("Alert {Rule} on jail {Jail} was firing when the service stopped (since {Since}, enforcement {Enforcement}); it stays firing until a sample clears it",
                entry.Rule, entry.Jail, entry.Since, entry.Enforcement ?? "none");
        }
    }

    /// <summary>The sinks hear of the restored firing alerts before any sample, so a resend starts at once.</summary>
    private void TellRestored()
    {
        var restored = _active.Where(a => a.State == AlertState.Firing).ToList();
        if (restored.Count == 0) return;
        foreach (var sink in _sinks)
        {
            try
            {
                sink.OnRestored(restored);
            }
            catch (Exception e)
            {
                _logger.LogError(e, "{Sink} failed to take the {Count} restored firing alert(s)", sink.GetType().Name, restored.Count);
            }
        }
    }

    private IReadOnlyList<ActiveAlert> BuildActive() =>
    [
        .. _trackers.Values
            .OrderBy(OrderOf)
            .ThenBy(t => t.Rule.Name, StringComparer.Ordinal)
            .ThenBy(t => t.Jail, StringComparer.Ordinal)
            .Select(t => new ActiveAlert(t.Rule, t.Jail, t.State, t.Since, t.Value, t.Threshold, t.Enforcement)),
    ];

    private int OrderOf(AlertTracker tracker) => OrderOf(tracker.Rule);

    private int OrderOf(AlertRule rule) => rule.IsConfigured && _ruleOrder.TryGetValue(rule.Name, out int order) ? order : int.MaxValue;

    private void Log(AlertTransition t)
    {
        var level = t.To == AlertState.Firing ? LogLevel.Warning : LogLevel.Information;
        _logger.Log(level, "Alert {Rule} on jail {Jail}: {From} -> {To} ({Severity}): {Reason}; value {Value}, threshold {Threshold}{Enforcement}",
            t.Rule.Name, t.Jail, t.From, t.To, t.Rule.Severity, t.Reason, t.Value, t.Threshold,
            t.InstallsEnforcement ? $"; installs {t.Enforcement}" : t.RemovesEnforcement ? $"; removes {t.Enforcement}" : "");
    }

    private void Deliver(AlertTransition transition)
    {
        foreach (var sink in _sinks)
        {
            try
            {
                sink.OnTransition(transition);
            }
            catch (Exception e)
            {
                // One failing notifier must not keep the transition from the enforcer, or the reverse.
                _logger.LogError(e, "{Sink} failed to take alert transition {Rule}/{Jail} {From} -> {To}",
                    sink.GetType().Name, transition.Rule.Name, transition.Jail, transition.From, transition.To);
            }
        }
    }

    /// <summary>Identifies one alert: a rule (by name) on one jail (by name).</summary>
    private readonly record struct AlertKey(string Rule, string Jail);
}
