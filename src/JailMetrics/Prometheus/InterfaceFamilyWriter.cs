using System.Collections.Immutable;
using JailMetrics.Model;

namespace JailMetrics.Service.Prometheus;

/// <summary>Writes the network families of <see cref="InterfaceFamilyTable"/>: one series per jail and interface.</summary>
internal static class InterfaceFamilyWriter
{
    private static readonly (InterfaceFamily Row, MetricFamily Family)[] Families =
        [.. InterfaceFamilyTable.All.Select(row => (row, new MetricFamily(row.Name, row.Help, FamilyType.Counter)))];

    public static void Write(ExpositionWriter writer, ImmutableArray<JailSample> jails)
    {
        foreach (var (row, family) in Families)
        {
            writer.BeginFamily(family);
            foreach (var jail in jails)
                foreach (var nic in jail.Interfaces)
                    writer.Series().Label("name"u8, jail.Name).Label("interface"u8, nic.Name).Value(row.Read(nic));
        }
    }
}
