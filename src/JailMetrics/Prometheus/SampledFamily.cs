using Prometheus;

namespace JailMetrics.Service.Prometheus;

/// <summary>
/// One metric family whose series are rewritten from every sample: between <see cref="BeginSample"/>
/// and <see cref="EndSample"/> the view sets the series the sample has, and every series it did not
/// set is removed, so vanished jails, vanished interfaces and values that became unmeasurable leave
/// no stale series behind. The family registers itself on its first value, so a family no jail
/// ever has a value for is not printed at all, not even its HELP and TYPE lines.
/// </summary>
internal abstract class SampledFamily
{
    private readonly Dictionary<string, string[]> _live = new(StringComparer.Ordinal);
    private readonly HashSet<string> _setThisSample = new(StringComparer.Ordinal);

    protected SampledFamily(IMetricFactory factory, string name, string help, string[] labelNames)
    {
        Factory = factory;
        Name = name;
        Help = help;
        LabelNames = labelNames;
    }

    public string Name { get; }

    public string Help { get; }

    public string[] LabelNames { get; }

    protected IMetricFactory Factory { get; }

    public void BeginSample() => _setThisSample.Clear();

    /// <summary>Sets the series with <paramref name="labelValues"/> (in <see cref="LabelNames"/> order) to <paramref name="value"/>.</summary>
    public void Set(double value, params string[] labelValues)
    {
        string key = Key(labelValues);
        Write(labelValues, value);
        _live[key] = labelValues;
        _setThisSample.Add(key);
    }

    /// <summary>Removes every series this sample did not set.</summary>
    public void EndSample()
    {
        List<string>? stale = null;
        foreach (var key in _live.Keys)
            if (!_setThisSample.Contains(key)) (stale ??= []).Add(key);
        if (stale is null) return;
        foreach (var key in stale)
        {
            Remove(_live[key]);
            _live.Remove(key);
        }
    }

    /// <summary>Removes now every series whose first label is <paramref name="firstLabelValue"/> (a jail's name).</summary>
    public void RemoveSeriesOf(string firstLabelValue)
    {
        if (LabelNames.Length == 0) return;
        foreach (var (key, labels) in _live.ToArray())
        {
            if (labels[0] != firstLabelValue) continue;
            Remove(labels);
            _live.Remove(key);
        }
    }

    protected abstract void Write(string[] labelValues, double value);

    protected abstract void Remove(string[] labelValues);

    // Label values cannot contain NUL in practice (jail names, interface names, addresses), so it separates them.
    private static string Key(string[] labelValues) => string.Join('\0', labelValues);
}
