using System.Net;
using System.Net.Sockets;

namespace JailMetrics.Snmp.Agent;

/// <summary>
/// A CIDR block (<c>127.0.0.0/8</c>, <c>::1/128</c>) matched against raw address octets, so the
/// per-datagram source check allocates nothing. IPv4-mapped IPv6 sources (<c>::ffff:a.b.c.d</c>)
/// are matched as the IPv4 address they are.
/// </summary>
internal sealed class IpNetwork
{
    private readonly byte[] _prefix;
    private readonly int _prefixLength;

    private IpNetwork(byte[] prefix, int prefixLength)
    {
        _prefix = prefix;
        _prefixLength = prefixLength;
    }

    public static IpNetwork Parse(string text)
    {
        if (!System.Net.IPNetwork.TryParse(text.Trim(), out var network))
            throw new FormatException($"'{text}' is not a network in CIDR notation (e.g. 127.0.0.0/8, ::1/128)");
        return new IpNetwork(network.BaseAddress.GetAddressBytes(), network.PrefixLength);
    }

    /// <summary>Whether <paramref name="address"/> (4 or 16 octets) lies in this network.</summary>
    public bool Contains(ReadOnlySpan<byte> address)
    {
        address = UnmapIPv4(address);
        if (address.Length != _prefix.Length) return false;
        int fullOctets = _prefixLength / 8;
        if (!address[..fullOctets].SequenceEqual(_prefix.AsSpan(0, fullOctets))) return false;
        int remainingBits = _prefixLength % 8;
        if (remainingBits == 0) return true;
        int mask = 0xFF << (8 - remainingBits) & 0xFF;
        return (address[fullOctets] & mask) == (_prefix[fullOctets] & mask);
    }

    /// <summary>The four IPv4 octets of an IPv4-mapped IPv6 address (RFC 4291 §2.5.5.2), else the address unchanged.</summary>
    public static ReadOnlySpan<byte> UnmapIPv4(ReadOnlySpan<byte> address)
    {
        if (address.Length == 16 && address[..10].IndexOfAnyExcept((byte)0) < 0 && address[10] == 0xFF && address[11] == 0xFF)
            return address[12..];
        return address;
    }

    /// <summary>The source address octets of a received datagram, without allocating an <see cref="IPAddress"/>.</summary>
    public static ReadOnlySpan<byte> AddressOf(SocketAddress socketAddress) =>
        AddressOf(socketAddress.Family, socketAddress.Buffer.Span[..socketAddress.Size]);

    /// <summary>
    /// The address octets of a sockaddr_in or sockaddr_in6 as the OS lays it out, for a socket of
    /// <paramref name="family"/> (empty if <paramref name="sockaddr"/> is too short to hold one).
    /// </summary>
    public static ReadOnlySpan<byte> AddressOf(AddressFamily family, ReadOnlySpan<byte> sockaddr)
    {
        // sockaddr_in: family(2) port(2) addr(4); sockaddr_in6: family(2) port(2) flowinfo(4) addr(16).
        // On the BSDs the first two octets are sa_len and sa_family, same offsets.
        return family switch
        {
            AddressFamily.InterNetwork when sockaddr.Length >= 8 => sockaddr.Slice(4, 4),
            AddressFamily.InterNetworkV6 when sockaddr.Length >= 24 => sockaddr.Slice(8, 16),
            _ => [],
        };
    }

    /// <summary>The address and port of a sockaddr_in or sockaddr_in6 (for log messages, not per datagram).</summary>
    public static IPEndPoint? EndPointOf(AddressFamily family, ReadOnlySpan<byte> sockaddr)
    {
        var address = AddressOf(family, sockaddr);
        return address.IsEmpty ? null : new IPEndPoint(new IPAddress(address), System.Buffers.Binary.BinaryPrimitives.ReadUInt16BigEndian(sockaddr[2..]));
    }
}
