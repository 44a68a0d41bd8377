using System.Text.RegularExpressions;
using JailMetrics.FreeBsd.Layouts;
using JailMetrics.FreeBsd.Native;
using JailMetrics.FreeBsd.Scanning;
using JailMetrics.Model;
using JailMetrics.Sampling;

namespace JailMetrics.FreeBsd.Collectors;

/// <summary>
/// Interface counters (reference/freebsd.md §5). The host row: every interface of the host's stack
/// (getifaddrs(3), AF_LINK entries' struct if_data). A VNET jail: its own stack, which the host cannot
/// see — read inside it with <c>jexec … netstat</c> (<see cref="Text.IJailNetstat"/>). When that is not
/// possible (no netstat in the jail, timeout, or switched off), the host-side end of each of its epair(4)
/// interfaces stands in, with in and out swapped: what epairNa sends, epairNb receives. The jail-side
/// names come from <see cref="FreeBsdSourceOptions.VnetInterfaces"/> (jail.conf's vnet.interface) and from
/// what the jail's own netstat last reported. Jails without VNET share the host's stack and get none.
/// </summary>
internal sealed partial class NetworkCollector : ICollector<FreeBsdScan>
{
    // Remembered per jail name: the interfaces its own netstat reported, for when netstat later fails.
    private readonly Dictionary<string, IReadOnlyList<string>> _seenInside = new(StringComparer.Ordinal);

    public string Name => "network";

    public void Collect(FreeBsdScan scan, CollectorWriter writer, CancellationToken cancellationToken)
    {
        var hostLinks = scan.HostLinks.Value;
        writer.SetInterfaces(0, [.. hostLinks.Select(l => Counters(l.Name, IfDataLayout.Read(l.IfData)))]);

        for (int row = 1; row < scan.Jails.Count; row++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var record = scan.Records[row]!;
            if (!record.Vnet || record.Dying) continue;

            if (scan.Options.ReadVnetInterfacesInside && scan.Netstat.Read(record.Jid, cancellationToken) is { } inside)
            {
                writer.SetInterfaces(row, inside);
                lock (_seenInside) _seenInside[record.Name] = [.. inside.Select(i => i.Name)];
                continue;
            }

            var fromPeers = HostSidePeers(scan, record.Name, hostLinks);
            if (fromPeers.Count > 0) writer.SetInterfaces(row, fromPeers);
        }
    }

    private List<InterfaceCounters> HostSidePeers(FreeBsdScan scan, string jailName, IReadOnlyList<LinkInterfaceData> hostLinks)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        if (scan.Options.VnetInterfaces.TryGetValue(jailName, out var configured)) names.UnionWith(configured);
        lock (_seenInside)
            if (_seenInside.TryGetValue(jailName, out var seen)) names.UnionWith(seen);

        var counters = new List<InterfaceCounters>();
        foreach (string inside in names)
        {
            if (EpairPeer(inside) is not { } peer) continue;
            if (hostLinks.FirstOrDefault(l => l.Name == peer) is not { } link) continue;
            counters.Add(Swapped(inside, IfDataLayout.Read(link.IfData)));
        }
        return counters;
    }

    /// <summary>epair(4) creates epairNa and epairNb back to back; the peer of one is the other.</summary>
    internal static string? EpairPeer(string name)
    {
        var match = EpairName().Match(name);
        if (!match.Success) return null;
        return match.Groups[1].Value + (match.Groups[2].Value == "a" ? "b" : "a");
    }

    [GeneratedRegex("^(epair[0-9]+)([ab])$")]
    private static partial Regex EpairName();

    private static InterfaceCounters Counters(string name, IfDataCounters c) => new(name,
        ReceiveBytes: c.InBytes, ReceivePackets: c.InPackets, ReceiveErrors: c.InErrors, ReceiveDrops: c.InQueueDrops,
        TransmitBytes: c.OutBytes, TransmitPackets: c.OutPackets, TransmitErrors: c.OutErrors, TransmitDrops: c.OutQueueDrops);

    /// <summary>The jail-side view of a host-side epair end: its output is the jail's input and vice versa.</summary>
    private static InterfaceCounters Swapped(string jailSideName, IfDataCounters peer) => new(jailSideName,
        ReceiveBytes: peer.OutBytes, ReceivePackets: peer.OutPackets, ReceiveErrors: peer.OutErrors, ReceiveDrops: peer.OutQueueDrops,
        TransmitBytes: peer.InBytes, TransmitPackets: peer.InPackets, TransmitErrors: peer.InErrors, TransmitDrops: peer.InQueueDrops);
}
