namespace JailMetrics.Snmp.Mib;

/// <summary>
/// An immutable, sorted OID → value table: what the agent answers from. Rebuilt once per sample and
/// swapped whole, so no request ever sees half a sample; Get is a dictionary lookup and GetNext a
/// binary search. It also knows the object types it serves (scalars and table columns), so a Get
/// for a missing instance of a known column answers noSuchInstance rather than noSuchObject
/// (RFC 3416 §4.2.1).
/// </summary>
public sealed class MibView : IMibReader
{
    public static MibView Empty { get; } = new MibViewBuilder().Build();

    private readonly Oid[] _oids;
    private readonly SnmpValue[] _values;
    private readonly Dictionary<Oid, int> _index;
    private readonly Oid[] _objectTypes;

    internal MibView(Oid[] oids, SnmpValue[] values, Oid[] objectTypes)
    {
        _oids = oids;
        _values = values;
        _objectTypes = objectTypes;
        _index = new Dictionary<Oid, int>(oids.Length);
        for (int i = 0; i < oids.Length; i++) _index[oids[i]] = i;
    }

    public int Count => _oids.Length;

    /// <summary>The instances in GetNext order.</summary>
    public IEnumerable<KeyValuePair<Oid, SnmpValue>> Entries
    {
        get
        {
            for (int i = 0; i < _oids.Length; i++) yield return new(_oids[i], _values[i]);
        }
    }

    /// <summary>
    /// Get (RFC 3416 §4.2.1): the instance's value, or the exception to answer with:
    /// noSuchInstance under a known object type, noSuchObject elsewhere.
    /// </summary>
    public SnmpValue Get(Oid oid)
    {
        if (_index.TryGetValue(oid, out int i)) return _values[i];
        return IsUnderKnownObjectType(oid) ? SnmpValue.NoSuchInstance : SnmpValue.NoSuchObject;
    }

    /// <summary>GetNext (RFC 3416 §4.2.2): the first instance strictly after <paramref name="oid"/>, or false at the end of the view.</summary>
    public bool TryGetNext(Oid oid, out Oid next, out SnmpValue value)
    {
        int position = FirstAfter(oid);
        if (position < _oids.Length)
        {
            next = _oids[position];
            value = _values[position];
            return true;
        }
        next = oid;
        value = SnmpValue.EndOfMibView;
        return false;
    }

    private int FirstAfter(Oid oid)
    {
        int low = 0, high = _oids.Length; // the answer lies in [low, high]
        while (low < high)
        {
            int middle = (low + high) >>> 1;
            if (_oids[middle].CompareTo(oid) <= 0) low = middle + 1;
            else high = middle;
        }
        return low;
    }

    private bool IsUnderKnownObjectType(Oid oid)
    {
        // Object types never nest (a column is not below another column), so the only one that can
        // be a proper prefix of this OID is the greatest one that sorts before it.
        int low = 0, high = _objectTypes.Length;
        while (low < high)
        {
            int middle = (low + high) >>> 1;
            if (_objectTypes[middle].CompareTo(oid) < 0) low = middle + 1;
            else high = middle;
        }
        return low > 0 && oid.StartsWith(_objectTypes[low - 1]) && oid.Length > _objectTypes[low - 1].Length;
    }
}
