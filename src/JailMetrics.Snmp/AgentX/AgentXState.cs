namespace JailMetrics.Snmp.AgentX;

/// <summary>Where the sub-agent stands with its master.</summary>
public enum AgentXState
{
    /// <summary>No connection (disabled, stopped, or waiting to reconnect).</summary>
    Disconnected,

    /// <summary>Connecting, opening the session or registering.</summary>
    Connecting,

    /// <summary>Every subtree is registered; the master routes requests to us.</summary>
    Registered,
}
