using JailMetrics.Alerts;
using JailMetrics.Model;
using JailMetrics.Store;
using Prometheus;

namespace JailMetrics.Service.Prometheus;

/// <summary>
/// The Prometheus view of the samples: hands each sample to the <see cref="Gate"/>, from which a
/// scrape writes its families (<see cref="SampleExposition"/>: the tables <see cref="JailFamilyTable"/>,
/// <see cref="InterfaceFamilyTable"/>, <see cref="HostIpcFamilyTable"/>, <see cref="LimitFamilyTable"/>,
/// <see cref="BreachFamilyTable"/>, plus jail_info, jail_num, the firing alerts and the sample's own
/// status) straight into its buffer. No series object lives between scrapes, so a jail, an interface or
/// a value that vanishes from the samples leaves nothing behind, and a kernel counter shows the
/// kernel's value as it is (a reset, or a restarted jail's new counters, is what <c>rate()</c> reads as a reset).
/// </summary>
/// <remarks>
/// The evaluator runs before this view in the same sample, so <c>jailmetrics_alert_active</c>
/// follows it without lag; its firing alerts are taken with the sample.
/// </remarks>
public sealed class PrometheusView : ISnapshotConsumer
{
    private readonly CollectorRegistry _registry;
    private readonly AlertEvaluator? _alerts;

    /// <param name="registry">The service's own metrics; the view adds jailmetrics_build_info to it.</param>
    /// <param name="alerts">The evaluator whose firing alerts are exported; none: no alert family.</param>
    /// <param name="gate">The gate the metrics endpoint shares; none: one of its own.</param>
    public PrometheusView(CollectorRegistry registry, BuildInfo buildInfo, AlertEvaluator? alerts = null, SampleGate? gate = null)
    {
        _registry = registry;
        _alerts = alerts;
        Gate = gate ?? new SampleGate();
        Metrics.WithCustomRegistry(registry)
            .CreateGauge("jailmetrics_build_info", "The version of JailMetrics and the runtime it runs on; always 1",
                "version", "revision", "runtime", "platform")
            .WithLabels(buildInfo.Version, buildInfo.Revision, buildInfo.Runtime, buildInfo.Platform)
            .Set(1);
    }

    /// <summary>Where this view publishes each sample and the metrics endpoint takes it from (<see cref="BufferedScrape"/>).</summary>
    public SampleGate Gate { get; }

    public void OnSnapshot(Snapshot current) => Gate.Publish(new PublishedSample(current, _alerts?.Active ?? []));

    /// <summary>
    /// Writes the latest sample's families and then the registry's into <paramref name="destination"/>,
    /// as the metrics endpoint serves them (for <c>jailmetrics collect</c>, tests and benchmarks).
    /// </summary>
    public async Task ExportAsync(Stream destination, ExpositionFormat format, CancellationToken cancellationToken = default)
    {
        using (var families = new ScrapeBuffer())
        {
            SampleExposition.Write(families, format, Gate.Current);
            await destination.WriteAsync(families.WrittenMemory, cancellationToken).ConfigureAwait(false);
        }
        // Last, because in OpenMetrics it ends the exposition with "# EOF".
        await _registry.CollectAndExportAsTextAsync(destination, format, cancellationToken).ConfigureAwait(false);
    }
}
