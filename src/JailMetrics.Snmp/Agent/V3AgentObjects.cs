using JailMetrics.Snmp.Mib;
using JailMetrics.Snmp.Protocol.V3;
using JailMetrics.Snmp.Security;

namespace JailMetrics.Snmp.Agent;

/// <summary>
/// The SNMPv3 engine's own objects, served live beside the system and snmp groups: the snmpEngine
/// group (SNMP-FRAMEWORK-MIB, RFC 3411 §5), snmpMPDStats (SNMP-MPD-MIB, RFC 3412 §5),
/// snmpUnavailableContexts/snmpUnknownContexts (SNMP-TARGET-MIB, RFC 3413 §4.1.1) and usmStats
/// (SNMP-USER-BASED-SM-MIB, RFC 3414 §5). Object types (the scalars' instances are their .0).
/// </summary>
internal static class V3AgentObjects
{
    /// <summary>snmpEngine = snmpFrameworkMIBObjects.1 = 1.3.6.1.6.3.10.2.1.</summary>
    public static readonly Oid SnmpEngineGroup = Oid.Parse("1.3.6.1.6.3.10.2.1");

    public static readonly Oid SnmpEngineId = SnmpEngineGroup.Append(1);
    public static readonly Oid SnmpEngineBoots = SnmpEngineGroup.Append(2);
    public static readonly Oid SnmpEngineTime = SnmpEngineGroup.Append(3);
    public static readonly Oid SnmpEngineMaxMessageSize = SnmpEngineGroup.Append(4);

    /// <summary>The counters every agent has (snmpMPDStats and the context counters serve v1/v2c too).</summary>
    public static IEnumerable<(Oid ObjectType, Func<SnmpValue> Value)> Counters(SnmpAgentCounters counters)
    {
        foreach (var counter in Enum.GetValues<MpdStatsCounter>())
            yield return (MpdStats.Root.Append((uint)counter), () => SnmpValue.Counter32(counters.Mpd.Get(counter)));
        yield return (ContextStats.Root.Append(4), () => SnmpValue.Counter32(counters.Contexts.UnavailableContexts));
        yield return (ContextStats.Root.Append(5), () => SnmpValue.Counter32(counters.Contexts.UnknownContexts));
    }

    /// <summary>The engine's identity, clock and usmStats.</summary>
    public static IEnumerable<(Oid ObjectType, Func<SnmpValue> Value)> Engine(SnmpEngine engine, int maxMessageSize)
    {
        var engineId = SnmpValue.OctetString(engine.EngineId);
        var maxSize = SnmpValue.Integer(maxMessageSize);
        yield return (SnmpEngineId, () => engineId);
        yield return (SnmpEngineBoots, () => SnmpValue.Integer(engine.Now().Boots));
        yield return (SnmpEngineTime, () => SnmpValue.Integer(engine.Now().Time));
        yield return (SnmpEngineMaxMessageSize, () => maxSize);
        foreach (var counter in Enum.GetValues<UsmStatsCounter>())
            yield return (UsmStats.ObjectOf(counter), () => SnmpValue.Counter32(engine.UsmStats.Get(counter)));
    }
}
