namespace JailMetrics.Snmp.AgentX;

/// <summary>
/// The master sent a well-formed PDU that has no place in the protocol at this point (for example an
/// Open, which only sub-agents send). The session is closed with reason protocolError (RFC 2741 §6.2.2).
/// </summary>
public sealed class AgentXProtocolException(string message) : Exception(message);
