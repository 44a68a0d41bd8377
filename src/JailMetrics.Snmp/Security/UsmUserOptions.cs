namespace JailMetrics.Snmp.Security;

/// <summary>
/// One SNMPv3 user (config). Protocol names are net-snmp's (<c>-a</c>: MD5, SHA, SHA-224, SHA-256,
/// SHA-384, SHA-512; <c>-x</c>: AES/AES-128, AES-192, AES-256, DES). Each password comes from exactly
/// one of: inline, a file (for secrets mounted by the service manager), or an environment variable.
/// </summary>
public sealed class UsmUserOptions
{
    public string Name { get; set; } = "";

    public string? AuthProtocol { get; set; }
    public string? AuthPassword { get; set; }
    public string? AuthPasswordFile { get; set; }
    public string? AuthPasswordEnv { get; set; }

    public string? PrivProtocol { get; set; }
    public string? PrivPassword { get; set; }
    public string? PrivPasswordFile { get; set; }
    public string? PrivPasswordEnv { get; set; }

    /// <summary>The least security a request from this user must have (noAuthNoPriv / authNoPriv / authPriv); by default the most its protocols allow.</summary>
    public string? SecurityLevel { get; set; }

    /// <summary>The read view (a <see cref="ViewOptions.Name"/>); by default <c>all</c>.</summary>
    public string? View { get; set; }

    /// <summary>Never the passwords: this object may end up in a log or a debugger.</summary>
    public override string ToString() =>
        $"UsmUserOptions({Name}, auth {AuthProtocol ?? "none"}, priv {PrivProtocol ?? "none"}, level {SecurityLevel ?? "default"}, view {View ?? "all"})";
}
