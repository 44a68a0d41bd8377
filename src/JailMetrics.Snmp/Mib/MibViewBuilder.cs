namespace JailMetrics.Snmp.Mib;

/// <summary>Collects instances (in any order) and object types, then builds a sorted <see cref="MibView"/>.</summary>
public sealed class MibViewBuilder
{
    private readonly Dictionary<Oid, SnmpValue> _instances = [];
    private readonly HashSet<Oid> _objectTypes = [];

    public int Count => _instances.Count;

    /// <summary>Adds an instance; adding the same OID twice is a bug in the binding and throws.</summary>
    public MibViewBuilder Add(Oid instance, SnmpValue value)
    {
        if (value.IsException) throw new ArgumentException("a view holds values, not exceptions", nameof(value));
        if (!_instances.TryAdd(instance, value)) throw new InvalidOperationException($"OID {instance} added twice");
        return this;
    }

    /// <summary>Declares a scalar or table column (an OBJECT-TYPE), whose instances lie below it.</summary>
    public MibViewBuilder AddObjectType(Oid objectType)
    {
        _objectTypes.Add(objectType);
        return this;
    }

    public MibView Build()
    {
        var oids = _instances.Keys.ToArray();
        Array.Sort(oids);
        var values = new SnmpValue[oids.Length];
        for (int i = 0; i < oids.Length; i++) values[i] = _instances[oids[i]];
        var types = _objectTypes.ToArray();
        Array.Sort(types);
        return new MibView(oids, values, types);
    }
}
