using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace JailMetrics.Snmp.AgentX;

/// <summary>
/// Where the master listens (RFC 2741 §8): a unix stream socket or TCP (port 705 by default).
/// Parsed from <see cref="AgentXOptions.Master"/>.
/// </summary>
public sealed record AgentXMasterAddress(EndPoint EndPoint, string Text)
{
    public const string DefaultUnixPath = "/var/agentx/master";

    /// <summary>RFC 2741 §8.1: the AgentX TCP port.</summary>
    public const int DefaultTcpPort = 705;

    public bool IsUnix => EndPoint is UnixDomainSocketEndPoint;

    /// <summary>"/path", "unix:/path", "tcp:host", "tcp:host:port" or "tcp:[v6-address]:port".</summary>
    /// <exception cref="FormatException">the text is none of those.</exception>
    public static AgentXMasterAddress Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string trimmed = text.Trim();
        if (trimmed.StartsWith("tcp:", StringComparison.OrdinalIgnoreCase)) return new(ParseTcp(trimmed[4..], text), text);

        string path = trimmed.StartsWith("unix:", StringComparison.OrdinalIgnoreCase) ? trimmed[5..] : trimmed;
        if (path.Length == 0 || path[0] != '/')
            throw new FormatException($"AgentX master '{text}' is neither an absolute unix socket path nor tcp:host:port");
        return new(new UnixDomainSocketEndPoint(path), text);
    }

    /// <summary>A stream socket of the right family for <see cref="EndPoint"/>, not yet connected.</summary>
    public Socket CreateSocket() => EndPoint switch
    {
        UnixDomainSocketEndPoint => new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified),
        IPEndPoint ip => new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true },
        _ => new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true }, // a host name: dual-stack
    };

    public override string ToString() => Text;

    private static EndPoint ParseTcp(string hostAndPort, string original)
    {
        string host;
        string? port = null;
        if (hostAndPort.StartsWith('['))
        {
            // [v6-address] or [v6-address]:port
            int closing = hostAndPort.IndexOf(']');
            if (closing < 0) throw new FormatException($"AgentX master '{original}' has an unclosed '['");
            host = hostAndPort[1..closing];
            string rest = hostAndPort[(closing + 1)..];
            if (rest.Length > 0)
            {
                if (rest[0] != ':') throw new FormatException($"AgentX master '{original}' has text after ']' that is not ':port'");
                port = rest[1..];
            }
        }
        else if (hostAndPort.Count(c => c == ':') == 1)
        {
            int colon = hostAndPort.IndexOf(':');
            host = hostAndPort[..colon];
            port = hostAndPort[(colon + 1)..];
        }
        else
        {
            host = hostAndPort; // a name, an IPv4 address, or a bare IPv6 address: the default port
        }

        int portNumber = DefaultTcpPort;
        if (port is not null && (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out portNumber) || portNumber is < 1 or > 65535))
            throw new FormatException($"AgentX master '{original}' has no valid TCP port (1..65535)");
        if (host.Length == 0) throw new FormatException($"AgentX master '{original}' names no host");
        return IPAddress.TryParse(host, out var address) ? new IPEndPoint(address, portNumber) : new DnsEndPoint(host, portNumber);
    }
}
