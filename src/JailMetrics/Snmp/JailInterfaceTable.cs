using JailMetrics.Model;
using JailMetrics.Snmp.Mib;

namespace JailMetrics.Service.Snmp;

/// <summary>A jmJailIfTable row: one interface of one jail, with its per-jail index.</summary>
public sealed record JailInterfaceRow(int JailIndex, int InterfaceIndex, InterfaceCounters Counters, uint DiscontinuityTime);

/// <summary>jmJailIfTable, INDEX { jmJailIndex, jmJailIfIndex }: the kernel's counters of every interface a jail sees.</summary>
public static class JailInterfaceTable
{
    public static MibTable<JailInterfaceRow> Table { get; } = new(JailMetricsMib.JailIfEntry,
        row => [(uint)row.JailIndex, (uint)row.InterfaceIndex],
    [
        new(2, "jmJailIfName", MibSyntax.SnmpAdminString, r => MibValues.Text(r.Counters.Name, MibSyntax.SnmpAdminString)),
        Counter(3, "jmJailIfHCInOctets", "octets", c => c.ReceiveBytes),
        Counter(4, "jmJailIfHCInPkts", "packets", c => c.ReceivePackets),
        Counter(5, "jmJailIfInErrors", "packets", c => c.ReceiveErrors),
        Counter(6, "jmJailIfInDiscards", "packets", c => c.ReceiveDrops),
        Counter(7, "jmJailIfHCOutOctets", "octets", c => c.TransmitBytes),
        Counter(8, "jmJailIfHCOutPkts", "packets", c => c.TransmitPackets),
        Counter(9, "jmJailIfOutErrors", "packets", c => c.TransmitErrors),
        Counter(10, "jmJailIfOutDiscards", "packets", c => c.TransmitDrops),
        new(11, "jmJailIfDiscontinuityTime", MibSyntax.TimeStamp, r => MibValues.TimeStamp(r.DiscontinuityTime)),
    ]);

    private static MibColumn<JailInterfaceRow> Counter(uint subId, string name, string units, Func<InterfaceCounters, ulong> read) =>
        new(subId, name, MibSyntax.Counter64, r => SnmpValue.Counter64(read(r.Counters)), units);
}
