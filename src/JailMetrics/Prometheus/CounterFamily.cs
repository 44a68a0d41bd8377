using Prometheus;

namespace JailMetrics.Service.Prometheus;

/// <summary>
/// A <see cref="SampledFamily"/> of counters that mirror a kernel counter: each series shows the
/// kernel's own value. prometheus-net's <c>IncTo</c> never goes down, so a value below the exported
/// one (the kernel's counter was reset) recreates the series from the kernel's value, which
/// <c>rate()</c> reads as an ordinary counter reset.
/// </summary>
internal sealed class CounterFamily : SampledFamily
{
    private Counter? _counter;

    public CounterFamily(IMetricFactory factory, string name, string help, params string[] labelNames)
        : base(factory, name, help, labelNames)
    {
        if (labelNames.Length == 0) throw new ArgumentException("A kernel counter family needs labels to be removable", nameof(labelNames));
    }

    protected override void Write(string[] labelValues, double value)
    {
        _counter ??= Factory.CreateCounter(Name, Help, new CounterConfiguration { LabelNames = LabelNames, SuppressInitialValue = true });
        var series = _counter.WithLabels(labelValues);
        if (value < series.Value)
        {
            _counter.RemoveLabelled(labelValues);
            series = _counter.WithLabels(labelValues);
        }
        series.IncTo(value);
        // IncTo to the current value (0, or no change) is not an increment, so publish explicitly.
        series.Publish();
    }

    protected override void Remove(string[] labelValues) => _counter?.RemoveLabelled(labelValues);
}
