using JailMetrics.Snmp.Mib;

namespace JailMetrics.Service.Snmp;

/// <summary>A readable OBJECT-TYPE the binding serves: a scalar or a column, as the MIB declares it.</summary>
/// <param name="Units">The UNITS clause, or null when the MIB has none.</param>
public sealed record MibObject(string Name, Oid Oid, MibSyntax Syntax, string? Units);
