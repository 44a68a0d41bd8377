using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace JailMetrics.Service.Web;

/// <summary>
/// A listen address as Prometheus exporters write them: <c>127.0.0.1:9452</c>, <c>[::1]:9452</c>,
/// <c>:9452</c> (every address) or <c>localhost:9452</c> (both loopbacks).
/// </summary>
public sealed record ListenAddress(string Text, IPAddress? Address, bool Localhost, int Port)
{
    public static bool TryParse(string? text, out ListenAddress? address, out string? error)
    {
        address = null;
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "is empty; use host:port such as 127.0.0.1:9452";
            return false;
        }
        text = text.Trim();
        int colon = text.LastIndexOf(':');
        if (colon < 0)
        {
            error = $"'{text}' has no port; use host:port such as 127.0.0.1:9452";
            return false;
        }
        string host = text[..colon];
        string portText = text[(colon + 1)..];
        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port is < 1 or > 65535)
        {
            error = $"'{text}' has no valid port (1-65535)";
            return false;
        }
        if (host.Length == 0)
        {
            address = new ListenAddress(text, null, false, port);
            return true;
        }
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            address = new ListenAddress(text, null, true, port);
            return true;
        }
        if (host.StartsWith('[') && host.EndsWith(']')) host = host[1..^1];
        else if (host.Contains(':', StringComparison.Ordinal))
        {
            error = $"'{text}': write an IPv6 address in brackets, such as [::1]:9452";
            return false;
        }
        if (!IPAddress.TryParse(host, out var ip))
        {
            error = $"'{text}': '{host}' is not an IP address (only IP addresses and localhost are accepted, so the service never depends on name resolution)";
            return false;
        }
        address = new ListenAddress(text, ip, false, port);
        return true;
    }

    /// <summary>Makes Kestrel listen here; <paramref name="configure"/> sets up each listener (HTTPS, for one).</summary>
    public void ApplyTo(KestrelServerOptions kestrel, Action<ListenOptions>? configure = null)
    {
        configure ??= _ => { };
        if (Localhost) kestrel.ListenLocalhost(Port, configure);
        else if (Address is null) kestrel.ListenAnyIP(Port, configure);
        else kestrel.Listen(Address, Port, configure);
    }

    public override string ToString() => Text;
}
