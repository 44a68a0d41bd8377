using JailMetrics.Snmp.Mib;

namespace JailMetrics.Snmp.Protocol.V3;

/// <summary>
/// snmpUnavailableContexts (1.3.6.1.6.3.12.1.4) and snmpUnknownContexts (…​.5) from SNMP-TARGET-MIB
/// (RFC 3413 §4.1.1): a command responder's count of requests for a context it does not serve. This
/// agent serves only the default context ""; every other name is unknown (RFC 3413 §3.2 step 2).
/// Thread-safe.
/// </summary>
public sealed class ContextStats
{
    /// <summary>snmpTargetObjects: 1.3.6.1.6.3.12.1.</summary>
    public static Oid Root { get; } = Oid.Parse("1.3.6.1.6.3.12.1");

    public static Oid UnavailableContextsInstance { get; } = Root.Append(4, 0);

    public static Oid UnknownContextsInstance { get; } = Root.Append(5, 0);

    private uint _unknown;

    /// <summary>Always 0: every context this agent knows is available.</summary>
    public uint UnavailableContexts => 0;

    public uint UnknownContexts => Volatile.Read(ref _unknown);

    /// <summary>Counts one unknown context; the Report's varbind (RFC 3413 §3.2 step 2).</summary>
    public VarBind IncrementUnknownForReport() => new(UnknownContextsInstance, SnmpValue.Counter32(Interlocked.Increment(ref _unknown)));
}
