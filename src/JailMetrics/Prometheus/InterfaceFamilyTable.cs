using JailMetrics.Model;

namespace JailMetrics.Service.Prometheus;

/// <summary>One per-interface counter family (labels <c>name</c>, <c>interface</c>) and how to read it.</summary>
internal sealed record InterfaceFamily(string Name, string Help, Func<InterfaceCounters, ulong> Read);

/// <summary>
/// The network families: the kernel's counters of every interface a jail sees (its VNET interfaces
/// on FreeBSD, its network namespace's on Linux), named as node_exporter names its network device families.
/// </summary>
internal static class InterfaceFamilyTable
{
    public static IReadOnlyList<InterfaceFamily> All { get; } =
    [
        new("jail_network_receive_bytes_total", Help("Bytes received"), i => i.ReceiveBytes),
        new("jail_network_receive_packets_total", Help("Packets received"), i => i.ReceivePackets),
        new("jail_network_receive_errors_total", Help("Receive errors"), i => i.ReceiveErrors),
        new("jail_network_receive_drops_total", Help("Received packets dropped"), i => i.ReceiveDrops),
        new("jail_network_transmit_bytes_total", Help("Bytes transmitted"), i => i.TransmitBytes),
        new("jail_network_transmit_packets_total", Help("Packets transmitted"), i => i.TransmitPackets),
        new("jail_network_transmit_errors_total", Help("Transmit errors"), i => i.TransmitErrors),
        new("jail_network_transmit_drops_total", Help("Transmitted packets dropped"), i => i.TransmitDrops),
    ];

    private static string Help(string what) =>
        $"{what} on a network interface of the jail (kernel interface counters: if_data on FreeBSD, /proc/net/dev of the network namespace on Linux)";
}
