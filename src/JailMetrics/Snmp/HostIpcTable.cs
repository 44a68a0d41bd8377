using JailMetrics.Model;
using JailMetrics.Snmp.Mib;

namespace JailMetrics.Service.Snmp;

/// <summary>A jmHostIpcTable row: one host IPC limit and the host-wide usage of what it bounds, if any.</summary>
public sealed record HostIpcRow(HostIpcLimit Limit, double Value, double? Usage);

/// <summary>jmHostIpcTable, INDEX { jmHostIpcParameter }: the host's SysV IPC limits next to the host's usage.</summary>
public static class HostIpcTable
{
    /// <summary>The resource (as the host row reports it, counting every IPC namespace) that each limit bounds host-wide.</summary>
    private static readonly Dictionary<HostIpcLimit, Resource> UsageOf = new()
    {
        [HostIpcLimit.ShmMni] = Resource.NShm,
        [HostIpcLimit.ShmAllBytes] = Resource.ShmSize,
        [HostIpcLimit.SemMns] = Resource.NSem,
        [HostIpcLimit.MsgMni] = Resource.NMsgq,
    };

    public static MibTable<HostIpcRow> Table { get; } = new(JailMetricsMib.HostIpcEntry,
        row => [(uint)row.Limit + 1], // JmHostIpcLimit numbers the HostIpcLimit members from 1
    [
        new(2, "jmHostIpcName", MibSyntax.SnmpAdminString, r => MibValues.Text(SysctlName(r.Limit), MibSyntax.SnmpAdminString)),
        new(3, "jmHostIpcLimitValue", MibSyntax.CounterBasedGauge64, r => SnmpValue.Counter64(MibValues.ToUInt64(r.Value))),
        new(4, "jmHostIpcUsage", MibSyntax.CounterBasedGauge64, r => r.Usage is double used ? SnmpValue.Counter64(MibValues.ToUInt64(used)) : null),
    ]);

    /// <summary>The rows of a sample: every limit the platform reported, in the MIB's order.</summary>
    public static IEnumerable<HostIpcRow> RowsOf(Snapshot snapshot)
    {
        var host = snapshot.Jails.FirstOrDefault(j => j.Info.IsHost);
        foreach (var (limit, value) in snapshot.HostIpcLimits.OrderBy(l => l.Key))
        {
            double? usage = host is not null && UsageOf.TryGetValue(limit, out var resource) ? host.Usage[resource] : null;
            yield return new HostIpcRow(limit, value, usage);
        }
    }

    /// <summary>kern.ipc.shmmni …: the member name without its unit suffix.</summary>
    private static string SysctlName(HostIpcLimit limit) =>
        "kern.ipc." + limit.ToString().Replace("Bytes", "", StringComparison.Ordinal).ToLowerInvariant();
}
