using JailMetrics.Snmp.Security;

namespace JailMetrics.Snmp.Notifications;

/// <summary>One notification receiver (config). A v2c target needs <see cref="Community"/>, a v3 target <see cref="User"/>.</summary>
public sealed class NotificationTargetOptions
{
    /// <summary>Names the target in logs and statistics; defaults to <see cref="Address"/>.</summary>
    public string Name { get; set; } = "";

    /// <summary><c>host:port</c>, <c>[v6]:port</c>, or a host alone for the standard port 162 (RFC 3417 §3).</summary>
    public string Address { get; set; } = "";

    /// <summary><c>2c</c> or <c>3</c>.</summary>
    public string Version { get; set; } = "2c";

    /// <summary>The community string of a v2c target.</summary>
    public string? Community { get; set; }

    /// <summary>
    /// The USM user of a v3 target: name, protocols and passwords (inline, file or environment). Its
    /// <see cref="UsmUserOptions.SecurityLevel"/> is the level notifications are sent at (by default the
    /// most its protocols allow); <see cref="UsmUserOptions.View"/> does not apply.
    /// </summary>
    public UsmUserOptions? User { get; set; }

    /// <summary>Send InformRequests (acknowledged, retried) instead of SNMPv2-Traps (fire and forget).</summary>
    public bool Inform { get; set; }

    /// <summary>How long the first inform attempt waits for its Response; each retry waits twice as long as the one before.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Retransmissions of an unanswered inform before it counts as failed.</summary>
    public int Retries { get; set; } = 3;

    /// <summary>Never the community or passwords: this object may end up in a log.</summary>
    public override string ToString() =>
        $"NotificationTargetOptions({Name}, {Address}, v{Version}, {(Inform ? "inform" : "trap")}, user {User?.Name ?? "-"})";
}
