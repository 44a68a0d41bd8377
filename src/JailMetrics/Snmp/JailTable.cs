using JailMetrics.Model;
using JailMetrics.Snmp.Mib;

namespace JailMetrics.Service.Snmp;

/// <summary>A jmJailTable row: the jail's sample with what the binding adds (its index, its parent's, its discontinuity time).</summary>
/// <param name="ParentIndex">The parent's jmJailIndex (0 for the host); null when the parent has none (then no instance).</param>
public sealed record JailRow(int Index, JailSample Sample, int? ParentIndex, uint DiscontinuityTime);

/// <summary>jmJailTable, INDEX { jmJailIndex }: identity, parameters, one column per resource, the root file system.</summary>
public static class JailTable
{
    public static MibTable<JailRow> Table { get; } = new(JailMetricsMib.JailEntry, row => [(uint)row.Index],
    [
        Text(2, "jmJailName", MibSyntax.SnmpAdminString, j => j.Sample.Name),
        new(3, "jmJailId", MibSyntax.Unsigned32, j => Unsigned32(j.Sample.Info.Id)),
        new(4, "jmJailParentIndex", MibSyntax.Integer32, j => j.ParentIndex is int parent ? SnmpValue.Integer(parent) : null),
        Text(5, "jmJailPath", MibSyntax.Utf8String, j => j.Sample.Info.Path),
        Text(6, "jmJailHostname", MibSyntax.SnmpAdminString, j => j.Sample.Info.Hostname),
        new(7, "jmJailState", MibSyntax.Enumeration, j => SnmpValue.Integer((int)j.Sample.Info.State)), // JailState's values are the MIB's
        new(8, "jmJailVnet", MibSyntax.TruthValue, j => MibValues.TruthValue(j.Sample.Info.Vnet)),
        // Comma-separated, as jail(8)'s ip4.addr and ip6.addr parameters are written.
        Text(9, "jmJailIPv4Addresses", MibSyntax.Utf8String, j => string.Join(',', j.Sample.Info.IPv4Addresses)),
        Text(10, "jmJailIPv6Addresses", MibSyntax.Utf8String, j => string.Join(',', j.Sample.Info.IPv6Addresses)),
        new(11, "jmJailDiscontinuityTime", MibSyntax.TimeStamp, j => MibValues.TimeStamp(j.DiscontinuityTime)),
        new(12, "jmJailStartTime", MibSyntax.DateAndTime, j => j.Sample.Info.StartTime is { } start ? MibValues.DateAndTime(start) : null),
        .. ResourceColumns.All.Select(Usage),
        Disk(60, "jmJailFsSize", "bytes", fs => fs.SizeBytes),
        Disk(61, "jmJailFsFree", "bytes", fs => fs.FreeBytes),
        Disk(62, "jmJailFsAvail", "bytes", fs => fs.AvailableBytes),
        Disk(63, "jmJailFsUsed", "bytes", fs => fs.UsedBytes),
        Disk(64, "jmJailFsFiles", "files", fs => fs.Files),
        Disk(65, "jmJailFsFilesFree", "files", fs => fs.FilesFree),
    ]);

    private static MibColumn<JailRow> Text(uint subId, string name, MibSyntax syntax, Func<JailRow, string> read) =>
        new(subId, name, syntax, j => MibValues.Text(read(j), syntax));

    private static MibColumn<JailRow> Usage(ResourceColumn resource) =>
        new(resource.SubId, resource.Name, resource.Syntax,
            j => j.Sample.Usage.TryGet(resource.Resource, out double value) ? resource.ToValue(value) : null,
            resource.Units);

    private static MibColumn<JailRow> Disk(uint subId, string name, string units, Func<FilesystemUsage, ulong> read) =>
        new(subId, name, MibSyntax.CounterBasedGauge64, j => j.Sample.Filesystem is { } fs ? SnmpValue.Counter64(read(fs)) : null, units);

    /// <summary>
    /// JIDs are small; Linux PID namespace inodes are allocated below 2³² (proc_inum), so Unsigned32
    /// holds both. An id outside that range has no instance rather than a wrapped number.
    /// </summary>
    private static SnmpValue? Unsigned32(long id) => id is >= 0 and <= uint.MaxValue ? SnmpValue.Gauge32((uint)id) : null;
}
