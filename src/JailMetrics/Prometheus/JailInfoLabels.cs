using JailMetrics.Model;

namespace JailMetrics.Service.Prometheus;

/// <summary>
/// The labels of <c>jail_info</c>: a jail's volatile parameters, kept out of the per-jail families
/// so a restart (new JID) changes one info series rather than every series of the jail. Join them
/// in PromQL with <c>* on(name) group_left(path) jail_info</c>.
/// </summary>
internal static class JailInfoLabels
{
    public static string[] Names { get; } = ["name", "jid", "path", "hostname", "ip4", "ip6", "vnet", "parent", "state"];

    public static string[] ValuesOf(JailInfo jail) =>
    [
        jail.Name,
        jail.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
        jail.Path,
        jail.Hostname,
        string.Join(',', jail.IPv4Addresses),
        string.Join(',', jail.IPv6Addresses),
        // jls(8)'s words for the vnet parameter: its own stack, or the parent's.
        jail.Vnet ? "new" : "inherit",
        jail.ParentName ?? "",
        StateName(jail.State),
    ];

    /// <summary>The state as jls(8) words it; also the <c>state</c> field of <c>jailmetrics snapshot --json</c>.</summary>
    public static string StateName(JailState state) => state switch
    {
        JailState.Active => "active",
        JailState.Dying => "dying",
        _ => state.ToString().ToLowerInvariant(),
    };
}
