using System.Collections.Immutable;
using JailMetrics.Model;

namespace JailMetrics.Service.Prometheus;

/// <summary>
/// <c>jail_info</c> and its labels: a jail's volatile parameters, kept out of the per-jail families
/// so a restart (new JID) changes one info series rather than every series of the jail. Join them
/// in PromQL with <c>* on(name) group_left(path) jail_info</c>.
/// </summary>
internal static class JailInfoLabels
{
    private static readonly MetricFamily Family = new("jail_info", "Parameters of the jail (jls(8)); always 1", FamilyType.Gauge);

    /// <summary>One series per jail, labels name, jid, path, hostname, ip4, ip6, vnet, parent, state; value 1.</summary>
    public static void Write(ExpositionWriter writer, ImmutableArray<JailSample> jails)
    {
        writer.BeginFamily(Family);
        foreach (var jail in jails)
        {
            var info = jail.Info;
            writer.Series()
                .Label("name"u8, info.Name)
                .Label("jid"u8, info.Id)
                .Label("path"u8, info.Path)
                .Label("hostname"u8, info.Hostname)
                .Label("ip4"u8, info.IPv4Addresses, ',')
                .Label("ip6"u8, info.IPv6Addresses, ',')
                // jls(8)'s words for the vnet parameter: its own stack, or the parent's.
                .Label("vnet"u8, info.Vnet ? "new" : "inherit")
                .Label("parent"u8, info.ParentName ?? "")
                .Label("state"u8, StateName(info.State))
                .Value(1);
        }
    }

    /// <summary>The state as jls(8) words it; also the <c>state</c> field of <c>jailmetrics snapshot --json</c>.</summary>
    public static string StateName(JailState state) => state switch
    {
        JailState.Active => "active",
        JailState.Dying => "dying",
        _ => state.ToString().ToLowerInvariant(),
    };
}
