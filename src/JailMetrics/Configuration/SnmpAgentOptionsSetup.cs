using JailMetrics.Service.Snmp;
using JailMetrics.Snmp.Agent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace JailMetrics.Service.Configuration;

/// <summary>
/// Binds <see cref="SnmpAgentOptions"/> (section <c>Snmp</c>). The binder appends a configured
/// list to the list a property starts with, so <c>--snmp.listen-address</c> would listen on the
/// default address as well, and a community's AllowedNetworks would keep loopback: lists the
/// configuration gives replace the defaults here instead. sysObjectID defaults to the MIB's
/// jmServiceAgent, from the one place the OID root is written.
/// </summary>
public sealed class SnmpAgentOptionsSetup(IConfiguration configuration) : IConfigureOptions<SnmpAgentOptions>
{
    public void Configure(SnmpAgentOptions options)
    {
        var section = configuration.GetSection(SnmpAgentOptions.Section);
        options.SysObjectId = JailMetricsMib.SysObjectId.ToString();
        section.Bind(options);

        var listen = section.GetSection(nameof(SnmpAgentOptions.ListenAddresses));
        if (listen.Exists()) options.ListenAddresses = [.. ListOf(listen)];

        var communities = section.GetSection(nameof(SnmpAgentOptions.Communities));
        if (communities.Exists()) options.Communities = [.. communities.GetChildren().Select(CommunityOf)];
    }

    private static SnmpCommunity CommunityOf(IConfigurationSection section)
    {
        var community = new SnmpCommunity();
        if (section[nameof(SnmpCommunity.Name)] is { } name) community.Name = name;
        if (section[nameof(SnmpCommunity.View)] is { } view) community.View = view;
        var networks = section.GetSection(nameof(SnmpCommunity.AllowedNetworks));
        if (networks.Exists()) community.AllowedNetworks = [.. ListOf(networks)];
        return community;
    }

    /// <summary>The elements in index order (children come back in key order, where "10" sorts before "2").</summary>
    private static IEnumerable<string> ListOf(IConfigurationSection list) =>
        list.GetChildren()
            .OrderBy(c => int.TryParse(c.Key, out int i) ? i : int.MaxValue)
            .Select(c => c.Value ?? "");
}
