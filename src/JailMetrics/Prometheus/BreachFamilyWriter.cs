using System.Collections.Immutable;
using JailMetrics.Model;

namespace JailMetrics.Service.Prometheus;

/// <summary>Writes the breach families of <see cref="BreachFamilyTable"/>: one series per jail and resource the platform counts.</summary>
internal static class BreachFamilyWriter
{
    private static readonly (BreachFamily Row, MetricFamily Family)[] Families =
        [.. BreachFamilyTable.All.Select(row => (row, new MetricFamily(row.Name, row.Help, FamilyType.Counter)))];

    public static void Write(ExpositionWriter writer, ImmutableArray<JailSample> jails)
    {
        foreach (var (row, family) in Families)
        {
            writer.BeginFamily(family);
            foreach (var jail in jails)
                foreach (var breach in jail.Breaches)
                    if (row.Read(breach) is ulong count)
                        writer.Series().Label("name"u8, jail.Name).Label("resource"u8, BreachFamilyTable.ResourceLabel(breach.Resource)).Value(count);
        }
    }
}
