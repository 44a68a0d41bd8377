using System.Collections;

namespace JailMetrics.Model;

/// <summary>
/// One jail's usage of every <see cref="Resource"/>. A resource that was not measured (the platform
/// has no equivalent, or its collector failed) is absent, never zero: publishers leave it out.
/// Immutable; build one with <see cref="Builder"/>.
/// </summary>
public sealed class ResourceUsage : IEnumerable<KeyValuePair<Resource, double>>
{
    public static ResourceUsage Empty { get; } = new(CreateAbsentValues());

    private readonly double[] _values; // NaN = absent

    private ResourceUsage(double[] values) => _values = values;

    /// <summary>The value of <paramref name="resource"/>, or null when it was not measured.</summary>
    public double? this[Resource resource]
    {
        get
        {
            double v = _values[(int)resource];
            return double.IsNaN(v) ? null : v;
        }
    }

    public bool TryGet(Resource resource, out double value)
    {
        value = _values[(int)resource];
        return !double.IsNaN(value);
    }

    public bool Has(Resource resource) => !double.IsNaN(_values[(int)resource]);

    /// <summary>A copy with some values replaced (used by the store to add derived rates).</summary>
    public ResourceUsage With(ReadOnlySpan<KeyValuePair<Resource, double>> values)
    {
        var copy = (double[])_values.Clone();
        foreach (var (r, v) in values) copy[(int)r] = v;
        return new ResourceUsage(copy);
    }

    public IEnumerator<KeyValuePair<Resource, double>> GetEnumerator()
    {
        for (int i = 0; i < _values.Length; i++)
            if (!double.IsNaN(_values[i])) yield return new((Resource)i, _values[i]);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private static double[] CreateAbsentValues()
    {
        var values = new double[ResourceInfo.Count];
        Array.Fill(values, double.NaN);
        return values;
    }

    /// <summary>Accumulates values; <see cref="Add"/> sums, which is how per-process figures become per-jail ones.</summary>
    public sealed class Builder
    {
        private double[]? _values; // null once built, until the next write (Build hands its array over)

        private double[] Values => _values ??= CreateAbsentValues();

        public Builder Set(Resource resource, double value)
        {
            Values[(int)resource] = value;
            return this;
        }

        public Builder Add(Resource resource, double value)
        {
            ref double slot = ref Values[(int)resource];
            slot = double.IsNaN(slot) ? value : slot + value;
            return this;
        }

        public bool Has(Resource resource) => _values is { } values && !double.IsNaN(values[(int)resource]);

        /// <summary>Makes every value absent again.</summary>
        public void Clear()
        {
            if (_values is { } values) Array.Fill(values, double.NaN);
        }

        /// <summary>Copies every value <paramref name="other"/> holds over this builder's.</summary>
        public void MergeFrom(Builder other)
        {
            if (other._values is not { } from) return;
            var values = Values;
            for (int i = 0; i < values.Length; i++)
                if (!double.IsNaN(from[i])) values[i] = from[i];
        }

        public ResourceUsage Build()
        {
            var built = new ResourceUsage(Values);
            _values = null;
            return built;
        }
    }
}
