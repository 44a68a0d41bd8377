using System.Collections.Immutable;
using System.Net;

namespace JailMetrics.FreeBsd.Kernel;

/// <summary>
/// One jail as jail_get(2) described it, values as the kernel gave them. Ints the kernel did not know
/// (an optional parameter absent from this kernel) are null.
/// </summary>
internal sealed record JailRecord
{
    public required int Jid { get; init; }

    /// <summary>The dotted hierarchical name relative to the caller's prison; never empty (an unnamed jail is named by its JID).</summary>
    public required string Name { get; init; }

    public required string Path { get; init; }

    /// <summary>The parent's JID; 0 when the parent is the caller's own prison (the host, or the jail we run in).</summary>
    public required int ParentJid { get; init; }

    public required bool Dying { get; init; }

    public string Hostname { get; init; } = "";

    public ImmutableArray<IPAddress> IPv4 { get; init; } = [];

    public ImmutableArray<IPAddress> IPv6 { get; init; } = [];

    /// <summary>Every other parameter read, by jail parameter name (ints and strings).</summary>
    public ImmutableDictionary<string, object> Values { get; init; } = ImmutableDictionary<string, object>.Empty;

    public int? Int(string name) => Values.TryGetValue(name, out var v) && v is int i ? i : null;

    public string? String(string name) => Values.TryGetValue(name, out var v) && v is string s ? s : null;

    /// <summary>vnet is a jailsys parameter: JAIL_SYS_NEW (1) means the jail has its own network stack (kern_jail_get).</summary>
    public bool Vnet => Int("vnet") == JailSys.New;
}

/// <summary>sys/sys/jail.h jailsys values, and the jail_get flag the enumeration uses.</summary>
internal static class JailSys
{
    public const int Disable = 0;
    public const int New = 1;
    public const int Inherit = 2;

    /// <summary>JAIL_DYING: also return jails that are being removed (the only flag in JAIL_GET_MASK).</summary>
    public const int JailDyingFlag = 0x08;

    public static string Describe(int value) => value switch
    {
        Disable => "disable",
        New => "new",
        Inherit => "inherit",
        _ => value.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
