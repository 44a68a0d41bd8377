using JailMetrics.Alerts;
using JailMetrics.Model;
using JailMetrics.Store;
using Prometheus;

namespace JailMetrics.Service.Prometheus;

/// <summary>
/// The Prometheus view of the samples: rewrites the registry's series once per sample (never per
/// scrape), so a scrape only serializes what is there. Families come from the tables
/// (<see cref="JailFamilyTable"/>, <see cref="InterfaceFamilyTable"/>, <see cref="HostIpcFamilyTable"/>,
/// <see cref="LimitFamilyTable"/>, <see cref="BreachFamilyTable"/>)
/// plus jail_info, jail_num, the firing alerts and the service's own health.
/// </summary>
/// <remarks>
/// <c>jailmetrics_alert_active{rule,name,severity}</c> is 1 for each firing alert and absent otherwise:
/// pending alerts are not exported (a <c>state</c> label would make a series change identity when it
/// fires). The evaluator runs before this view in the same sample, so the series follow it without lag.
/// </remarks>
public sealed class PrometheusView : ISnapshotConsumer
{
    private readonly List<SampledFamily> _families = [];
    private readonly (JailFamily Row, SampledFamily Family)[] _jailFamilies;
    private readonly (InterfaceFamily Row, CounterFamily Family)[] _interfaceFamilies;
    private readonly (HostIpcFamily Row, GaugeFamily Family)[] _hostIpcFamilies;
    private readonly Dictionary<Resource, GaugeFamily> _limitFamilies;
    private readonly (BreachFamily Row, CounterFamily Family)[] _breachFamilies;
    private readonly GaugeFamily _racctEnabled;
    private readonly GaugeFamily _info;
    private readonly GaugeFamily _jailCount;
    private readonly GaugeFamily _collectorSuccess;
    private readonly GaugeFamily _collectorDuration;
    private readonly GaugeFamily _sampleDuration;
    private readonly GaugeFamily _lastSample;
    private readonly GaugeFamily _alertActive;
    private readonly AlertEvaluator? _alerts;

    // The JID each jail had in the previous sample; a different one means the jail restarted.
    private Dictionary<string, long> _previousIds = new(StringComparer.Ordinal);

    /// <param name="alerts">The evaluator whose firing alerts are exported; none: no alert family.</param>
    /// <param name="gate">The gate the metrics endpoint shares; none: one of its own.</param>
    public PrometheusView(CollectorRegistry registry, BuildInfo buildInfo, AlertEvaluator? alerts = null, SampleGate? gate = null)
    {
        _alerts = alerts;
        Gate = gate ?? new SampleGate();
        var factory = Metrics.WithCustomRegistry(registry);

        _jailFamilies = [.. JailFamilyTable.All.Select(row => (row, Add(row.Type == FamilyType.Counter
            ? new CounterFamily(factory, row.Name, row.Help, "name")
            : (SampledFamily)new GaugeFamily(factory, row.Name, row.Help, "name"))))];
        _interfaceFamilies = [.. InterfaceFamilyTable.All.Select(row => (row, Add(new CounterFamily(factory, row.Name, row.Help, "name", "interface"))))];
        _hostIpcFamilies = [.. HostIpcFamilyTable.All.Select(row => (row, Add(new GaugeFamily(factory, row.Name, row.Help))))];

        _limitFamilies = LimitFamilyTable.All.ToDictionary(row => row.Resource, row => Add(new GaugeFamily(factory, row.Name, row.Help, "name", "action", "per")));
        _breachFamilies = [.. BreachFamilyTable.All.Select(row => (row, Add(new CounterFamily(factory, row.Name, row.Help, "name", "resource"))))];
        _racctEnabled = Add(new GaugeFamily(factory, "jailmetrics_racct_enabled",
            "Whether the kernel's resource accounting (RACCT, kern.racct.enable) is on (1) or off (0); when off, per-jail figures come from the process table and several are absent"));

        _info = Add(new GaugeFamily(factory, "jail_info", "Parameters of the jail (jls(8)); always 1", JailInfoLabels.Names));
        _jailCount = Add(new GaugeFamily(factory, "jail_num", "Current number of running jails, not counting the host"));
        _collectorSuccess = Add(new GaugeFamily(factory, "jailmetrics_collector_success",
            "Whether the collector succeeded in the latest sample (1) or failed (0); a failed collector's values are absent", "collector"));
        _collectorDuration = Add(new GaugeFamily(factory, "jailmetrics_collector_duration_seconds",
            "How long the collector took in the latest sample, in seconds", "collector"));
        _sampleDuration = Add(new GaugeFamily(factory, "jailmetrics_sample_duration_seconds",
            "How long the latest sample of all jails took, in seconds"));
        _lastSample = Add(new GaugeFamily(factory, "jailmetrics_last_sample_timestamp_seconds",
            "When the latest sample was taken, in seconds since the Unix epoch; the values shown are that old"));
        _alertActive = Add(new GaugeFamily(factory, "jailmetrics_alert_active",
            "An alert rule (Alerts:Rules) firing for the jail; always 1, absent while not firing (pending included)", "rule", "name", "severity"));

        factory.CreateGauge("jailmetrics_build_info", "The version of JailMetrics and the runtime it runs on; always 1",
                "version", "revision", "runtime", "platform")
            .WithLabels(buildInfo.Version, buildInfo.Revision, buildInfo.Runtime, buildInfo.Platform)
            .Set(1);
    }

    /// <summary>
    /// Held by this view while it rewrites the series from a sample; the metrics endpoint serializes
    /// inside it (<see cref="BufferedScrape"/>), so a scrape shows one sample, never parts of two.
    /// </summary>
    public SampleGate Gate { get; }

    public void OnSnapshot(Snapshot current) => Gate.Update(() => Rewrite(current));

    private void Rewrite(Snapshot current)
    {
        foreach (var family in _families) family.BeginSample();
        ForgetCountersOfRestartedJails(current);

        foreach (var jail in current.Jails)
        {
            foreach (var (row, family) in _jailFamilies)
                if (row.Read(jail) is double value) family.Set(value, jail.Name);
            _info.Set(1, JailInfoLabels.ValuesOf(jail.Info));
            foreach (var limit in jail.Limits)
                if (_limitFamilies.TryGetValue(limit.Resource, out var limitFamily))
                    limitFamily.Set(limit.Amount, jail.Name, limit.Action, limit.Per ?? "jail");
            foreach (var breach in jail.Breaches)
                foreach (var (row, family) in _breachFamilies)
                    if (row.Read(breach) is ulong count) family.Set(count, jail.Name, BreachFamilyTable.ResourceLabel(breach.Resource));
            foreach (var nic in jail.Interfaces)
                foreach (var (row, family) in _interfaceFamilies)
                    family.Set(row.Read(nic), jail.Name, nic.Name);
        }

        foreach (var (row, family) in _hostIpcFamilies)
            if (current.HostIpcLimits.TryGetValue(row.Limit, out double value)) family.Set(value);

        if (current.RacctEnabled is bool racct) _racctEnabled.Set(racct ? 1 : 0);
        _jailCount.Set(current.JailsWithoutHost.Count());
        foreach (var collector in current.Collectors)
        {
            _collectorSuccess.Set(collector.Success ? 1 : 0, collector.Name);
            _collectorDuration.Set(collector.Duration.TotalSeconds, collector.Name);
        }
        _sampleDuration.Set(current.Duration.TotalSeconds);
        _lastSample.Set(current.Timestamp.ToUnixTimeMilliseconds() / 1000.0);
        foreach (var alert in _alerts?.Active ?? [])
            if (alert.State == AlertState.Firing) _alertActive.Set(1, alert.Rule.Name, alert.Jail, SeverityLabel(alert.Severity));

        foreach (var family in _families) family.EndSample();
    }

    /// <summary>
    /// A jail that restarted has new kernel counters starting near zero: drop its counter series so
    /// they are recreated from the kernel's value instead of staying stuck at the old, higher one.
    /// </summary>
    private void ForgetCountersOfRestartedJails(Snapshot current)
    {
        var ids = new Dictionary<string, long>(current.Jails.Length, StringComparer.Ordinal);
        foreach (var jail in current.Jails)
        {
            ids[jail.Name] = jail.Info.Id;
            if (!_previousIds.TryGetValue(jail.Name, out long previous) || previous == jail.Info.Id) continue;
            foreach (var family in _families.OfType<CounterFamily>()) family.RemoveSeriesOf(jail.Name);
        }
        _previousIds = ids;
    }

    private static string SeverityLabel(AlertSeverity severity) => severity.ToString().ToLowerInvariant();

    private T Add<T>(T family) where T : SampledFamily
    {
        _families.Add(family);
        return family;
    }
}
