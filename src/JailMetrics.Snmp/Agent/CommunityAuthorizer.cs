using System.Text;

namespace JailMetrics.Snmp.Agent;

/// <summary>
/// The community-based access check (RFC 1157 §3.2.5, RFC 3584 §5.2.1 in spirit): a message is
/// authentic when its community is configured and its source address lies in one of the networks
/// allowed for that community. Communities are compared as raw octets (RFC 1157: OCTET STRING).
/// </summary>
internal sealed class CommunityAuthorizer
{
    private readonly (byte[] Name, IpNetwork[] Networks)[] _communities;

    public CommunityAuthorizer(IEnumerable<SnmpCommunity> communities)
    {
        var list = new List<(byte[], IpNetwork[])>();
        foreach (var community in communities)
        {
            if (string.IsNullOrEmpty(community.Name)) throw new FormatException("a community needs a name");
            var networks = community.AllowedNetworks.Select(IpNetwork.Parse).ToArray();
            list.Add((Encoding.UTF8.GetBytes(community.Name), networks));
        }
        _communities = [.. list];
    }

    /// <summary>True when some configured community equals <paramref name="community"/> and allows <paramref name="source"/>.</summary>
    public bool IsAllowed(ReadOnlySpan<byte> community, ReadOnlySpan<byte> source)
    {
        foreach (var (name, networks) in _communities)
        {
            if (!community.SequenceEqual(name)) continue;
            foreach (var network in networks)
            {
                if (network.Contains(source)) return true;
            }
        }
        return false;
    }
}
