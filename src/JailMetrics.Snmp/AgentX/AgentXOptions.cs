namespace JailMetrics.Snmp.AgentX;

/// <summary>Configuration of the AgentX sub-agent (section "AgentX").</summary>
public sealed class AgentXOptions
{
    public const string Section = "AgentX";

    /// <summary>Run as an AgentX sub-agent. Independent of the standalone UDP agent: either, both or neither.</summary>
    public bool Enabled { get; set; }

    /// <summary>
    /// The master's socket (RFC 2741 §8): a unix socket path (also written "unix:/path"), or
    /// "tcp:host:port" ("tcp:host" means port 705). net-snmp's default is /var/agentx/master.
    /// </summary>
    public string Master { get; set; } = AgentXMasterAddress.DefaultUnixPath;

    /// <summary>The subtrees to register, as dotted OIDs. Set by the host to the JAILMETRICS root.</summary>
    public List<string> Subtrees { get; set; } = [];

    /// <summary>
    /// How long each side waits for the other's Response: sent to the master in Open and Register as
    /// o.timeout/r.timeout (whole seconds, 1..255, §6.2.1) and used for our own waits on the master.
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often to Ping the master (§6.2.11) to notice one that died without closing the socket.</summary>
    public TimeSpan PingInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The first wait before reconnecting; each failed attempt doubles it up to <see cref="ReconnectMax"/>.</summary>
    public TimeSpan ReconnectMin { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan ReconnectMax { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>o.descr of our Open (§6.2.1): how the master names this sub-agent.</summary>
    public string Description { get; set; } = "JailMetrics";
}
