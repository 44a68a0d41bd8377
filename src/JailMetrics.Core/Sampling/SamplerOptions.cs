namespace JailMetrics.Sampling;

/// <summary>How often the sampler runs (config section <c>Sampling</c>).</summary>
public sealed class SamplerOptions
{
    public const string Section = "Sampling";

    /// <summary>Time between two samples. Scrapes and SNMP requests read the latest sample and never trigger one.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Time between two reads of the facts that change slowly (addresses, root filesystem usage,
    /// hostname, root path, which cgroup and IPC namespace a process is in); the samples between carry
    /// the last values. 0, or a value not above <see cref="Interval"/>, reads them every sample. A new
    /// jail is always read fully on its first sample.
    /// </summary>
    public TimeSpan SlowInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Every how many samples the slow facts are read: <see cref="SlowInterval"/> / <see cref="Interval"/>
    /// rounded down, at least 1, so that full reads are never further apart than the slow interval.
    /// </summary>
    public int SlowEvery => SlowInterval <= Interval ? 1 : (int)Math.Max(1, Math.Floor(SlowInterval / Interval));
}
