using JailMetrics.Alerts;
using JailMetrics.Model;

namespace JailMetrics.Service.Prometheus;

/// <summary>
/// What a scrape shows: one sample and the alerts the evaluator had after it. Both are immutable,
/// so a scrape that takes one reads one sample throughout, however long it takes.
/// </summary>
internal sealed record PublishedSample(Snapshot Snapshot, IReadOnlyList<ActiveAlert> Alerts);
