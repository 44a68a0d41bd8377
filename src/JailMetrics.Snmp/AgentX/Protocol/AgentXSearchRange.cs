using JailMetrics.Snmp.Mib;

namespace JailMetrics.Snmp.AgentX.Protocol;

/// <summary>
/// A SearchRange (RFC 2741 §5.2): where a Get, GetNext or GetBulk looks. <see cref="Include"/> says
/// whether <see cref="Start"/> itself qualifies; <see cref="End"/> is exclusive, and the null OID
/// (no sub-identifiers) means "unbounded". Get uses only <see cref="Start"/>.
/// </summary>
public sealed record AgentXSearchRange(Oid Start, bool Include, Oid End)
{
    public bool IsUnbounded => End.Length == 0;

    /// <summary>True when <paramref name="oid"/> lies before the (exclusive) end.</summary>
    public bool IsBeforeEnd(Oid oid) => IsUnbounded || oid < End;
}
