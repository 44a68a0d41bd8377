using JailMetrics.Snmp.Mib;

namespace JailMetrics.Snmp.Protocol;

/// <summary>
/// <c>VarBind ::= SEQUENCE { name ObjectName, value }</c> (RFC 3416 §3). A struct of two references,
/// so a response built from a view's own OIDs and values allocates nothing per varbind.
/// </summary>
public readonly record struct VarBind(Oid Name, SnmpValue Value)
{
    public override string ToString() => $"{Name} = {Value}";
}
