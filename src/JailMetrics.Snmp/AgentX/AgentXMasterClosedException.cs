using JailMetrics.Snmp.AgentX.Protocol;

namespace JailMetrics.Snmp.AgentX;

/// <summary>The master ended the session with a Close PDU (RFC 2741 §6.2.2).</summary>
public sealed class AgentXMasterClosedException(AgentXCloseReason reason)
    : Exception($"the AgentX master closed the session (reason {reason})")
{
    public AgentXCloseReason Reason { get; } = reason;
}
