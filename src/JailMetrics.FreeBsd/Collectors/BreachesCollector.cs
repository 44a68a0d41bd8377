using JailMetrics.FreeBsd.Devd;
using JailMetrics.FreeBsd.Scanning;
using JailMetrics.Model;
using JailMetrics.Sampling;

namespace JailMetrics.FreeBsd.Collectors;

/// <summary>
/// The RCTL breach events devd relayed (<see cref="DevdEventReader"/>), counted per jail and resource
/// since the service started. Only rules with action <c>devctl</c> raise them (rctl(8)), so a jail
/// has a count for a resource once such a rule has matched; before that it has none.
/// </summary>
internal sealed class BreachesCollector(BreachCounter counter) : ICollector<FreeBsdScan>
{
    public string Name => "breaches";

    public void Collect(FreeBsdScan scan, CollectorWriter writer, CancellationToken cancellationToken)
    {
        var byJail = counter.ByJailAndResource
            .GroupBy(pair => pair.Key.Jail, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(pair => pair.Key.Resource).Select(pair => new LimitBreach(pair.Key.Resource, (ulong)pair.Value)).ToList(),
                StringComparer.Ordinal);
        for (int row = 1; row < scan.Jails.Count; row++)
            if (byJail.TryGetValue(scan.Jails[row].Name, out var breaches)) writer.SetBreaches(row, breaches);
    }
}
