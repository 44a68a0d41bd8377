using JailMetrics.Model;

namespace JailMetrics.Store;

/// <summary>
/// A view of the samples (Prometheus, the SNMP MIB, alerts …), told once per sample. It must be
/// quick: it runs on the sampler's thread, before the next sample is taken.
/// </summary>
public interface ISnapshotConsumer
{
    void OnSnapshot(Snapshot current);
}
