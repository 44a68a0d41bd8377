namespace JailMetrics.Snmp.AgentX.Protocol;

/// <summary>c.reason of a Close PDU (RFC 2741 §6.2.2).</summary>
public enum AgentXCloseReason : byte
{
    Other = 1,
    ParseError = 2,
    ProtocolError = 3,
    Timeouts = 4,
    Shutdown = 5,
    ByManager = 6,
}
