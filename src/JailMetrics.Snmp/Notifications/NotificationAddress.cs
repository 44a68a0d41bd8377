using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace JailMetrics.Snmp.Notifications;

/// <summary>
/// A receiver's address from config: <c>host:port</c>, <c>[IPv6]:port</c>, an IP literal or host name
/// alone. Without a port it is 162, snmptrap's well-known port (RFC 3417 §3). Host names are resolved
/// when sending, not when configuring, so a receiver whose address changes is followed.
/// </summary>
public sealed class NotificationAddress
{
    /// <summary>RFC 3417 §3: notification receivers listen on UDP port 162.</summary>
    public const int DefaultPort = 162;

    private NotificationAddress(string host, int port)
    {
        Host = host;
        Port = port;
    }

    public string Host { get; }

    public int Port { get; }

    public static NotificationAddress Parse(string text)
    {
        string trimmed = text.Trim();
        string host = trimmed;
        string? port = null;
        if (trimmed.StartsWith('['))
        {
            int close = trimmed.IndexOf(']', StringComparison.Ordinal);
            if (close < 0) throw Invalid(text);
            host = trimmed[1..close];
            string rest = trimmed[(close + 1)..];
            if (rest.Length > 0)
            {
                if (!rest.StartsWith(':')) throw Invalid(text);
                port = rest[1..];
            }
            if (!IPAddress.TryParse(host, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6) throw Invalid(text);
        }
        else if (trimmed.Count(c => c == ':') == 1)
        {
            int colon = trimmed.IndexOf(':', StringComparison.Ordinal);
            host = trimmed[..colon];
            port = trimmed[(colon + 1)..];
        }
        // More than one colon without brackets: an IPv6 literal alone.

        if (host.Length == 0) throw Invalid(text);
        int number = DefaultPort;
        if (port is not null && (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out number) || number is < 1 or > 65535))
            throw Invalid(text);
        return new NotificationAddress(host, number);
    }

    /// <summary>The endpoint to send to: the literal, or the host name's first address (IPv4 preferred, as most receivers listen there).</summary>
    public async ValueTask<IPEndPoint> ResolveAsync(CancellationToken cancellationToken)
    {
        if (IPAddress.TryParse(Host, out var literal)) return new IPEndPoint(literal, Port);
        var addresses = await Dns.GetHostAddressesAsync(Host, cancellationToken).ConfigureAwait(false);
        var chosen = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses.FirstOrDefault()
            ?? throw new SocketException((int)SocketError.HostNotFound);
        return new IPEndPoint(chosen, Port);
    }

    public override string ToString() => Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{Port}" : $"{Host}:{Port}";

    private static FormatException Invalid(string text) =>
        new($"'{text}' is not a notification address: use host, host:port or [IPv6]:port (port 1..65535, default {DefaultPort})");
}
