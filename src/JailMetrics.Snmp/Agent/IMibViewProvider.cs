using JailMetrics.Snmp.Mib;

namespace JailMetrics.Snmp.Agent;

/// <summary>Where the SNMP front ends (the UDP agent, the AgentX sub-agent) read the current view from.</summary>
public interface IMibViewProvider { MibView Current { get; } }
