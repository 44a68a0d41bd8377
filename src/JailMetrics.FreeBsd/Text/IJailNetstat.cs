using JailMetrics.Model;

namespace JailMetrics.FreeBsd.Text;

/// <summary>
/// Reads the interface counters as seen inside a jail — for a VNET jail, its own network stack, which
/// the host's getifaddrs(3) cannot see (reference freebsd.md §5.4).
/// </summary>
public interface IJailNetstat
{
    /// <summary>The jail's link-level interface counters, or null when they could not be read (logged).</summary>
    IReadOnlyList<InterfaceCounters>? Read(int jid, CancellationToken cancellationToken);
}
