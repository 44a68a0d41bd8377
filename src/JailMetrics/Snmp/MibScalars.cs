using JailMetrics.Snmp.Mib;

namespace JailMetrics.Service.Snmp;

/// <summary>One scalar: its sub-identifier under its group, MIB name and syntax, and how to read it (null: no instance).</summary>
public sealed record MibScalar<TState>(uint SubId, string Name, MibSyntax Syntax, Func<TState, SnmpValue?> Read, string? Units = null);

/// <summary>A group of scalars under one OID; each instance is <c>scalar.0</c> (RFC 2578 §7.7).</summary>
public sealed class MibScalars<TState>
{
    private readonly (MibScalar<TState> Scalar, Oid Oid, Oid Instance)[] _scalars;

    public MibScalars(Oid group, IReadOnlyList<MibScalar<TState>> scalars) =>
        _scalars = [.. scalars.Select(s => (s, group.Append(s.SubId), group.Append(s.SubId, 0)))];

    public IEnumerable<MibObject> Objects => _scalars.Select(s => new MibObject(s.Scalar.Name, s.Oid, s.Scalar.Syntax, s.Scalar.Units));

    public void AddTo(MibViewBuilder view, TState state)
    {
        foreach (var (scalar, oid, instance) in _scalars)
        {
            view.AddObjectType(oid);
            if (scalar.Read(state) is not { } value) continue;
            MibValues.CheckType(scalar.Name, scalar.Syntax, value);
            view.Add(instance, value);
        }
    }
}
