namespace JailMetrics.Snmp.AgentX.Protocol;

/// <summary>
/// A received AgentX PDU is malformed: it breaks RFC 2741's layouts or our bounds. The session that
/// received it cannot trust its framing any more and is closed (reason parseError, §6.2.2).
/// </summary>
public sealed class AgentXFormatException(string message) : Exception(message);
