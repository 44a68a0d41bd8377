namespace JailMetrics.Sampling;

/// <summary>
/// One concern of a sample (processes, memory, cpu, files, ipc, io, network, disk …), node_exporter
/// style. It reads what it needs from the platform's single pass over the kernel
/// (<typeparamref name="TScan"/>) and writes into a <see cref="CollectorWriter"/>. Throwing marks
/// this collector failed for this sample and discards what it wrote; the others still publish.
/// </summary>
public interface ICollector<in TScan>
{
    /// <summary>The collector's name, as <c>jailmetrics_collector_success{collector}</c> shows it.</summary>
    string Name { get; }

    void Collect(TScan scan, CollectorWriter writer, CancellationToken cancellationToken);
}
