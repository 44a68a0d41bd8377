using System.Collections.Immutable;
using JailMetrics.Model;

namespace JailMetrics.Service.Prometheus;

/// <summary>Writes the limit families of <see cref="LimitFamilyTable"/>: one series per jail, action and subject (per).</summary>
internal static class LimitFamilyWriter
{
    private const string WholeJail = "jail";

    private static readonly (LimitFamily Row, MetricFamily Family)[] Families =
        [.. LimitFamilyTable.All.Select(row => (row, new MetricFamily(row.Name, row.Help, FamilyType.Gauge)))];

    public static void Write(ExpositionWriter writer, ImmutableArray<JailSample> jails)
    {
        foreach (var (row, family) in Families)
        {
            writer.BeginFamily(family);
            foreach (var jail in jails)
            {
                var limits = jail.Limits;
                for (int i = 0; i < limits.Length; i++)
                {
                    var limit = limits[i];
                    if (limit.Resource != row.Resource || OverriddenLater(limits, i)) continue;
                    writer.Series().Label("name"u8, jail.Name).Label("action"u8, limit.Action).Label("per"u8, limit.Per ?? WholeJail).Value(limit.Amount);
                }
            }
        }
    }

    /// <summary>Two limits of one series (resource, action, per): the later one is the jail's, and a series is printed once.</summary>
    private static bool OverriddenLater(ImmutableArray<JailLimit> limits, int index)
    {
        var limit = limits[index];
        for (int later = index + 1; later < limits.Length; later++)
            if (limits[later].Resource == limit.Resource && limits[later].Action == limit.Action
                && (limits[later].Per ?? WholeJail) == (limit.Per ?? WholeJail)) return true;
        return false;
    }
}
