using JailMetrics.Snmp.Mib;

namespace JailMetrics.Snmp.AgentX.Protocol;

/// <summary>A VarBind (RFC 2741 §5.4): a name and its value or exception.</summary>
public readonly record struct AgentXVarBind(Oid Name, SnmpValue Value);
