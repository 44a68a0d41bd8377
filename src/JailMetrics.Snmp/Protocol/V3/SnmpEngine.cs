using JailMetrics.Snmp.Security;
using Microsoft.Extensions.Logging;

namespace JailMetrics.Snmp.Protocol.V3;

/// <summary>
/// The local SNMP engine as USM sees it (RFC 3411 §3.1.1, RFC 3414 §2): its persistent identity and
/// clock (<see cref="EngineState"/>), the salt counter every encrypted message it sends draws from,
/// and its usmStats. One per process, shared by the command responder (the agent) and the
/// notification originator, so both send under one engineID, one boots value and one salt sequence.
/// Thread-safe.
/// </summary>
public sealed class SnmpEngine
{
    private byte[]? _engineId;

    public SnmpEngine(EngineState state, SaltGenerator? salts = null)
    {
        ArgumentNullException.ThrowIfNull(state);
        State = state;
        Salts = salts ?? new SaltGenerator();
    }

    /// <summary>Loads or creates the engine state in <paramref name="stateDirectory"/> and increments snmpEngineBoots (see <see cref="EngineState.Start"/>).</summary>
    public static SnmpEngine Start(string stateDirectory, TimeProvider? time = null, ILogger? logger = null) =>
        new(EngineState.Start(stateDirectory, time, logger));

    public EngineState State { get; }

    /// <summary>snmpEngineID; the same array every time (do not modify).</summary>
    public byte[] EngineId => _engineId ??= State.EngineId;

    public SaltGenerator Salts { get; }

    public UsmStats UsmStats { get; } = new();

    /// <summary>snmpEngineBoots and snmpEngineTime now.</summary>
    public EngineClock Now() => State.Now();

    public override string ToString() => $"SnmpEngine({Convert.ToHexString(State.EngineIdSpan)})";
}
