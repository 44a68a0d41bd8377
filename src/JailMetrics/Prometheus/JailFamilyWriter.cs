using System.Collections.Immutable;
using JailMetrics.Model;

namespace JailMetrics.Service.Prometheus;

/// <summary>Writes the per-jail families of <see cref="JailFamilyTable"/>: one series per jail that has the value.</summary>
internal static class JailFamilyWriter
{
    private static readonly (JailFamily Row, MetricFamily Family)[] Families =
        [.. JailFamilyTable.All.Select(row => (row, new MetricFamily(row.Name, row.Help, row.Type)))];

    public static void Write(ExpositionWriter writer, ImmutableArray<JailSample> jails)
    {
        foreach (var (row, family) in Families)
        {
            writer.BeginFamily(family);
            foreach (var jail in jails)
                if (row.Read(jail) is double value) writer.Series().Label("name"u8, jail.Name).Value(value);
        }
    }
}
