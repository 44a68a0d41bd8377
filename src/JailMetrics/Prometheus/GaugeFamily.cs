using Prometheus;

namespace JailMetrics.Service.Prometheus;

/// <summary>A <see cref="SampledFamily"/> of gauges: levels that go up and down, set as sampled.</summary>
internal sealed class GaugeFamily(IMetricFactory factory, string name, string help, params string[] labelNames)
    : SampledFamily(factory, name, help, labelNames)
{
    private Gauge? _gauge;

    protected override void Write(string[] labelValues, double value)
    {
        // SuppressInitialValue: a new series is published by its first Set, never as a made-up 0.
        _gauge ??= Factory.CreateGauge(Name, Help, new GaugeConfiguration { LabelNames = LabelNames, SuppressInitialValue = true });
        if (LabelNames.Length == 0) _gauge.Set(value);
        else _gauge.WithLabels(labelValues).Set(value);
    }

    protected override void Remove(string[] labelValues)
    {
        if (_gauge is null) return;
        // A label-less gauge has one series that cannot be removed, only hidden until its next Set.
        if (LabelNames.Length == 0) _gauge.Unpublish();
        else _gauge.RemoveLabelled(labelValues);
    }
}
