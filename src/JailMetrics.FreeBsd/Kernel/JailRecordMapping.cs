using System.Collections.Immutable;
using System.Globalization;
using JailMetrics.Model;

namespace JailMetrics.FreeBsd.Kernel;

/// <summary>How a kernel <see cref="JailRecord"/> becomes the platform-neutral <see cref="JailInfo"/>.</summary>
internal static class JailRecordMapping
{
    /// <summary>Parameters copied into <see cref="JailInfo.Parameters"/>, rendered as jls(8) -n would (jailsys ones by name).</summary>
    private static readonly string[] IntParameters =
        ["osreldate", "securelevel", "cpuset.id", "enforce_statfs", "children.cur", "children.max", "persist"];

    private static readonly string[] JailsysParameters = ["vnet", "sysvshm", "sysvsem", "sysvmsg"];

    /// <param name="all">Every jail of the sample, to name the parent (kept as a name: JIDs change on restart).</param>
    public static JailInfo ToJailInfo(this JailRecord record, IReadOnlyList<JailRecord> all)
    {
        var parameters = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        parameters["jid"] = record.Jid.ToString(CultureInfo.InvariantCulture);
        if (record.String("osrelease") is { Length: > 0 } release) parameters["osrelease"] = release;
        foreach (var name in IntParameters)
            if (record.Int(name) is { } value) parameters[name] = value.ToString(CultureInfo.InvariantCulture);
        foreach (var name in JailsysParameters)
            if (record.Int(name) is { } value) parameters[name] = JailSys.Describe(value);

        return new JailInfo
        {
            Name = record.Name,
            Id = record.Jid,
            ParentName = record.ParentJid == 0 ? null : all.FirstOrDefault(r => r.Jid == record.ParentJid)?.Name,
            Path = record.Path,
            Hostname = record.Hostname,
            State = record.Dying ? JailState.Dying : JailState.Active,
            IPv4Addresses = [.. record.IPv4.Select(a => a.ToString())],
            IPv6Addresses = [.. record.IPv6.Select(a => a.ToString())],
            Vnet = record.Vnet,
            Parameters = parameters.ToImmutable(),
        };
    }
}
