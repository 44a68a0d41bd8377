using JailMetrics.Snmp.Mib;

namespace JailMetrics.Snmp.Agent;

/// <summary>
/// Scalar objects whose values are computed when read (sysUpTime, the agent's counters): a small
/// sorted table of <c>objectType.0</c> instances and value functions. Get answers noSuchInstance for
/// any other instance of a known scalar (RFC 3416 §4.2.1), so it merges with a <see cref="MibView"/>
/// under <see cref="LayeredMibReader"/> with the same semantics.
/// </summary>
internal sealed class LiveScalars : IMibReader
{
    private readonly Oid[] _instances;
    private readonly Oid[] _objectTypes;
    private readonly Func<SnmpValue>[] _values;
    private int _lastPosition;

    public LiveScalars(IEnumerable<(Oid ObjectType, Func<SnmpValue> Value)> scalars)
    {
        var sorted = scalars.OrderBy(scalar => scalar.ObjectType).ToArray();
        _objectTypes = sorted.Select(scalar => scalar.ObjectType).ToArray();
        _instances = _objectTypes.Select(type => type.Append(0)).ToArray(); // a scalar's instance is .0 (RFC 2578 §7.7)
        _values = sorted.Select(scalar => scalar.Value).ToArray();
        for (int i = 1; i < _objectTypes.Length; i++)
        {
            if (_objectTypes[i] == _objectTypes[i - 1]) throw new ArgumentException($"scalar {_objectTypes[i]} given twice", nameof(scalars));
        }
    }

    public SnmpValue Get(Oid oid)
    {
        int index = Array.BinarySearch(_instances, oid);
        if (index >= 0) return _values[index]();
        // A scalar's only instance is .0; anything else below it is a missing instance of a known object.
        int insertion = ~index;
        return insertion > 0 && oid.StartsWith(_objectTypes[insertion - 1]) && oid.Length > _objectTypes[insertion - 1].Length
            ? SnmpValue.NoSuchInstance
            : SnmpValue.NoSuchObject;
    }

    public bool TryGetNext(Oid oid, out Oid next, out SnmpValue value)
    {
        int position = FirstAfter(oid);
        if (position < _instances.Length)
        {
            next = _instances[position];
            value = _values[position]();
            return true;
        }
        next = oid;
        value = SnmpValue.EndOfMibView;
        return false;
    }

    private int FirstAfter(Oid oid)
    {
        // Under LayeredMibReader a walk of a table asks these scalars for the successor of every row
        // it visits, and all those rows lie between the same two scalars: two comparisons confirm the
        // last answer where a binary search makes about log2(n) of them. The hint is shared by all
        // callers and written without synchronisation; it is only ever trusted after the check.
        int hint = _lastPosition;
        if ((uint)hint <= (uint)_instances.Length
            && (hint == 0 || _instances[hint - 1].CompareTo(oid) <= 0)
            && (hint == _instances.Length || _instances[hint].CompareTo(oid) > 0))
            return hint;
        int index = Array.BinarySearch(_instances, oid);
        return _lastPosition = index >= 0 ? index + 1 : ~index;
    }
}
