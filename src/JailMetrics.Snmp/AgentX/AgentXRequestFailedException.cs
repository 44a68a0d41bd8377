using JailMetrics.Snmp.AgentX.Protocol;

namespace JailMetrics.Snmp.AgentX;

/// <summary>The master answered one of our requests (Open, Register, Notify, Ping…) with res.error ≠ noError (RFC 2741 §6.2.16).</summary>
public sealed class AgentXRequestFailedException(AgentXPduType request, AgentXErrorStatus error)
    : Exception($"the AgentX master refused our {request}: {error} ({(int)error})")
{
    public AgentXPduType Request { get; } = request;

    public AgentXErrorStatus Error { get; } = error;
}
