using JailMetrics.Snmp.Mib;

namespace JailMetrics.Service.Snmp;

/// <summary>
/// One column of a table: its sub-identifier under the entry, its MIB name and syntax, and how to
/// read a row's value. <see cref="Read"/> returns null when the row has no value for it, and then
/// the row has no instance of the column: absent, never a made-up zero.
/// </summary>
public sealed record MibColumn<TRow>(uint SubId, string Name, MibSyntax Syntax, Func<TRow, SnmpValue?> Read, string? Units = null);
