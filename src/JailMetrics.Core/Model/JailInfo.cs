using System.Collections.Immutable;

namespace JailMetrics.Model;

/// <summary>
/// A jail's identity and parameters. <see cref="Name"/> is stable across restarts; <see cref="Id"/>
/// (the FreeBSD JID, or the Linux PID namespace inode) is not. The host is the jail with id 0,
/// named <see cref="HostName"/>.
/// </summary>
public sealed record JailInfo
{
    /// <summary>The name the host is reported under.</summary>
    public const string HostName = "host";

    public required string Name { get; init; }

    /// <summary>JID on FreeBSD, PID namespace inode on Linux; 0 for the host.</summary>
    public required long Id { get; init; }

    /// <summary>The name of the parent jail; null for the host and for jails directly under it.</summary>
    public string? ParentName { get; init; }

    /// <summary>The jail's root directory as seen from the host.</summary>
    public string Path { get; init; } = "/";

    public string Hostname { get; init; } = "";

    public JailState State { get; init; } = JailState.Active;

    public ImmutableArray<string> IPv4Addresses { get; init; } = [];

    public ImmutableArray<string> IPv6Addresses { get; init; } = [];

    /// <summary>True when the jail has its own network stack (FreeBSD VNET, a Linux network namespace).</summary>
    public bool Vnet { get; init; }

    /// <summary>When the jail started, where the platform knows it.</summary>
    public DateTimeOffset? StartTime { get; init; }

    /// <summary>Further platform parameters (osrelease, securelevel, cgroup path …) by name.</summary>
    public ImmutableDictionary<string, string> Parameters { get; init; } = ImmutableDictionary<string, string>.Empty;

    public bool IsHost => Id == 0;

    public static JailInfo Host(string hostname) => new() { Name = HostName, Id = 0, Hostname = hostname, Vnet = true };
}
