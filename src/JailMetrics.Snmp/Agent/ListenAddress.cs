using System.Net;

namespace JailMetrics.Snmp.Agent;

/// <summary>Parses a listen address: <c>127.0.0.1:1161</c>, <c>0.0.0.0:161</c>, <c>[::1]:1161</c>, <c>[::]:161</c>. The port is required.</summary>
internal static class ListenAddress
{
    public static IPEndPoint Parse(string text)
    {
        string trimmed = text.Trim();
        bool bracketed = trimmed.StartsWith('[');
        bool hasPort = bracketed ? trimmed.Contains("]:", StringComparison.Ordinal) : trimmed.Count(c => c == ':') == 1;
        if (!hasPort || !IPEndPoint.TryParse(trimmed, out var endpoint))
            throw new FormatException($"'{text}' is not a listen address: use host:port with an IPv4 address or [IPv6]:port, e.g. 127.0.0.1:1161 or [::1]:1161");
        return endpoint;
    }
}
