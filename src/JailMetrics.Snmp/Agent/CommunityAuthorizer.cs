using System.Text;
using JailMetrics.Snmp.Security;

namespace JailMetrics.Snmp.Agent;

/// <summary>
/// The community-based access check (RFC 1157 §3.2.5, RFC 3584 §5.2.1 in spirit): a message is
/// authentic when its community is configured and its source address lies in one of the networks
/// allowed for that community; it may then read the community's view. Communities are compared as
/// raw octets (RFC 1157: OCTET STRING).
/// </summary>
internal sealed class CommunityAuthorizer
{
    private readonly (byte[] Name, IpNetwork[] Networks, AccessView View)[] _communities;

    public CommunityAuthorizer(IEnumerable<SnmpCommunity> communities, AccessViews? views = null)
    {
        views ??= AccessViews.Default;
        var list = new List<(byte[], IpNetwork[], AccessView)>();
        foreach (var community in communities)
        {
            if (string.IsNullOrEmpty(community.Name)) throw new FormatException("a community needs a name");
            var networks = community.AllowedNetworks.Select(IpNetwork.Parse).ToArray();
            var view = views.Get(community.View, $"SNMP community '{community.Name}'");
            list.Add((Encoding.UTF8.GetBytes(community.Name), networks, view));
        }
        _communities = [.. list];
    }

    /// <summary>True when some configured community equals <paramref name="community"/> and allows <paramref name="source"/>.</summary>
    public bool IsAllowed(ReadOnlySpan<byte> community, ReadOnlySpan<byte> source) => TryAuthorize(community, source, out _);

    /// <summary>As <see cref="IsAllowed"/>, also giving the view of the community that matched.</summary>
    public bool TryAuthorize(ReadOnlySpan<byte> community, ReadOnlySpan<byte> source, out AccessView view)
    {
        foreach (var (name, networks, communityView) in _communities)
        {
            if (!community.SequenceEqual(name)) continue;
            foreach (var network in networks)
            {
                if (network.Contains(source))
                {
                    view = communityView;
                    return true;
                }
            }
        }
        view = null!;
        return false;
    }
}
