namespace JailMetrics.Snmp.Mib;

/// <summary>
/// An immutable, sorted OID → value table: what the agent answers from. Rebuilt once per sample and
/// swapped whole, so no request ever sees half a sample; Get is a dictionary lookup and GetNext a
/// binary search (or one step from where the last GetNext answered, see FirstAfter). It also knows
/// the object types it serves (scalars and table columns), so a Get for a missing instance of a
/// known column answers noSuchInstance rather than noSuchObject (RFC 3416 §4.2.1).
/// </summary>
public sealed class MibView : IMibReader
{
    public static MibView Empty { get; } = new MibViewBuilder().Build();

    private readonly Oid[] _oids;
    private readonly SnmpValue[] _values;
    private Dictionary<Oid, int>? _index; // made by the first Get: a view only walked (or never asked) needs none
    private readonly Oid[] _objectTypes;
    private int _lastPosition = -1; // where the last GetNext answered; see FirstAfter

    internal MibView(Oid[] oids, SnmpValue[] values, Oid[] objectTypes)
    {
        _oids = oids;
        _values = values;
        _objectTypes = objectTypes;
    }

    // Racing first Gets each build the same index and one wins; none sees a half-built one.
    private Dictionary<Oid, int> Index => _index ??= BuildIndex();

    private Dictionary<Oid, int> BuildIndex()
    {
        var index = new Dictionary<Oid, int>(_oids.Length);
        for (int i = 0; i < _oids.Length; i++) index[_oids[i]] = i;
        return index;
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
        if (Index.TryGetValue(oid, out int i)) return _values[i];
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
        // A walk asks for the successor of the instance it was just given: within a GetBulk that is this
        // view's own Oid object, in the manager's next request an equal one. One check finds it, where
        // a binary search costs ~log2(n) OID comparisons of a dozen arcs each, per varbind. The hint is
        // shared by all callers and written without synchronisation; that is harmless because it is
        // only ever trusted after the check.
        int hint = _lastPosition;
        if ((uint)hint < (uint)_oids.Length && (ReferenceEquals(_oids[hint], oid) || _oids[hint].Equals(oid))) return Remember(hint + 1);

        int low = 0, high = _oids.Length; // the answer lies in [low, high]
        while (low < high)
        {
            int middle = (low + high) >>> 1;
            if (_oids[middle].CompareTo(oid) <= 0) low = middle + 1;
            else high = middle;
        }
        return Remember(low);
    }

    /// <summary>Keeps the position of the instance about to be returned as the next call's <see cref="_lastPosition"/>.</summary>
    private int Remember(int position)
    {
        _lastPosition = position;
        return position;
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
