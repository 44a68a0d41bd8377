namespace JailMetrics.Service.Prometheus;

/// <summary>The Prometheus type of a family in the tables.</summary>
internal enum FamilyType
{
    /// <summary>A level, set to the sampled value.</summary>
    Gauge,
    /// <summary>A cumulative kernel counter, exported as the kernel's value.</summary>
    Counter,
}
