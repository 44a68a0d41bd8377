using System.Collections.Immutable;
using JailMetrics.Model;

namespace JailMetrics.Service.Prometheus;

/// <summary>Writes the host's SysV IPC limits of <see cref="HostIpcFamilyTable"/>: one unlabelled series each, where readable.</summary>
internal static class HostIpcFamilyWriter
{
    private static readonly (HostIpcFamily Row, MetricFamily Family)[] Families =
        [.. HostIpcFamilyTable.All.Select(row => (row, new MetricFamily(row.Name, row.Help, FamilyType.Gauge)))];

    public static void Write(ExpositionWriter writer, ImmutableDictionary<HostIpcLimit, double> limits)
    {
        foreach (var (row, family) in Families)
        {
            writer.BeginFamily(family);
            if (limits.TryGetValue(row.Limit, out double value)) writer.Series().Value(value);
        }
    }
}
