namespace JailMetrics.Snmp.Mib;

/// <summary>Collects instances (in any order) and object types, then builds a sorted <see cref="MibView"/>.</summary>
/// <remarks>
/// Instances added in GetNext order (as the service's tables add them) are taken as they are: one
/// comparison per instance checks the order, where sorting ~60 000 OIDs and hashing them into a
/// dictionary cost most of a view's build (issue 8). Anything else is sorted. A repeated OID is found
/// next to its twin once the instances are in order.
/// </remarks>
public sealed class MibViewBuilder
{
    private readonly List<Oid> _oids = [];
    private readonly List<SnmpValue> _values = [];
    private readonly HashSet<Oid> _objectTypes = [];
    private bool _inOrder = true;

    public int Count => _oids.Count;

    /// <summary>Adds an instance; adding the same OID twice is a bug in the binding, and <see cref="Build"/> throws.</summary>
    public MibViewBuilder Add(Oid instance, SnmpValue value)
    {
        if (value.IsException) throw new ArgumentException("a view holds values, not exceptions", nameof(value));
        if (_inOrder && _oids.Count > 0 && _oids[^1].CompareTo(instance) >= 0) _inOrder = false;
        _oids.Add(instance);
        _values.Add(value);
        return this;
    }

    /// <summary>Declares a scalar or table column (an OBJECT-TYPE), whose instances lie below it.</summary>
    public MibViewBuilder AddObjectType(Oid objectType)
    {
        _objectTypes.Add(objectType);
        return this;
    }

    /// <exception cref="InvalidOperationException">An OID was added twice.</exception>
    public MibView Build()
    {
        var oids = _oids.ToArray();
        var values = _values.ToArray();
        if (!_inOrder)
        {
            Array.Sort(oids, values);
            for (int i = 1; i < oids.Length; i++)
                if (oids[i - 1].Equals(oids[i])) throw new InvalidOperationException($"OID {oids[i]} added twice");
        }
        var types = _objectTypes.ToArray();
        Array.Sort(types);
        return new MibView(oids, values, types);
    }
}
