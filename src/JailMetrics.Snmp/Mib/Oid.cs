using System.Globalization;
using System.Text;

namespace JailMetrics.Snmp.Mib;

/// <summary>
/// An OBJECT IDENTIFIER: a sequence of unsigned 32-bit sub-identifiers, ordered as GetNext walks
/// them (RFC 3416 §4.2.2): sub-identifier by sub-identifier as unsigned numbers, a prefix before
/// what extends it. Immutable; at most <see cref="MaxLength"/> arcs (RFC 2578 §3.5).
/// </summary>
public sealed class Oid : IComparable<Oid>, IEquatable<Oid>
{
    /// <summary>RFC 2578 §3.5: at most 128 sub-identifiers.</summary>
    public const int MaxLength = 128;

    private readonly uint[] _arcs;
    private int _hash;
    private byte[]? _berContent;

    public Oid(params ReadOnlySpan<uint> arcs)
    {
        if (arcs.Length > MaxLength) throw new ArgumentException($"an OID has at most {MaxLength} sub-identifiers, not {arcs.Length}", nameof(arcs));
        _arcs = arcs.ToArray();
    }

    /// <summary>Wraps an array the caller hands over (the decoder's freshly filled one): no second copy.</summary>
    internal static Oid Adopt(uint[] arcs) => new(arcs, adopt: true);

    private Oid(uint[] arcs, bool adopt)
    {
        _ = adopt;
        if (arcs.Length > MaxLength) throw new ArgumentException($"an OID has at most {MaxLength} sub-identifiers, not {arcs.Length}", nameof(arcs));
        _arcs = arcs;
    }

    public ReadOnlySpan<uint> Arcs => _arcs;

    /// <summary>
    /// The BER content octets (X.690 §8.19), computed once: a view's OIDs are encoded again on every
    /// walk, so caching turns each into a copy. Racing threads compute the same bytes, so no lock.
    /// </summary>
    internal ReadOnlySpan<byte> BerContent => _berContent ??= Ber.BerOid.Encode(_arcs);

    public int Length => _arcs.Length;

    public uint this[int index] => _arcs[index];

    /// <summary>Parses dotted decimal (<c>1.3.6.1.2.1.1.1.0</c>; a leading dot is allowed).</summary>
    public static Oid Parse(string text)
    {
        string trimmed = text.StartsWith('.') ? text[1..] : text;
        if (trimmed.Length == 0) return new Oid();
        string[] parts = trimmed.Split('.');
        var arcs = new uint[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!uint.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out arcs[i]))
                throw new FormatException($"'{text}' is not an OID: sub-identifier {i + 1} ('{parts[i]}') is not a number 0..4294967295");
        }
        return new Oid(arcs);
    }

    /// <summary>This OID with <paramref name="arcs"/> appended (a column plus an index, a subtree plus an object).</summary>
    public Oid Append(params ReadOnlySpan<uint> arcs)
    {
        var joined = new uint[_arcs.Length + arcs.Length];
        _arcs.CopyTo(joined, 0);
        arcs.CopyTo(joined.AsSpan(_arcs.Length));
        return new Oid(joined, adopt: true);
    }

    /// <summary>True when <paramref name="prefix"/> is this OID or an ancestor of it.</summary>
    public bool StartsWith(Oid prefix) => Arcs.StartsWith(prefix.Arcs);

    public int CompareTo(Oid? other)
    {
        if (other is null) return 1;
        return Compare(Arcs, other.Arcs);
    }

    /// <summary>GetNext order: unsigned arc by arc, a prefix first.</summary>
    public static int Compare(ReadOnlySpan<uint> a, ReadOnlySpan<uint> b)
    {
        int common = Math.Min(a.Length, b.Length);
        for (int i = 0; i < common; i++)
            if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
        return a.Length.CompareTo(b.Length);
    }

    public bool Equals(Oid? other) => other is not null && Arcs.SequenceEqual(other.Arcs);

    public override bool Equals(object? obj) => obj is Oid other && Equals(other);

    public override int GetHashCode()
    {
        if (_hash == 0)
        {
            var hash = new HashCode();
            foreach (uint arc in _arcs) hash.Add(arc);
            _hash = hash.ToHashCode() | 1;
        }
        return _hash;
    }

    public override string ToString()
    {
        var text = new StringBuilder(_arcs.Length * 4);
        for (int i = 0; i < _arcs.Length; i++)
        {
            if (i > 0) text.Append('.');
            text.Append(_arcs[i]);
        }
        return text.ToString();
    }

    public static bool operator ==(Oid? a, Oid? b) => a is null ? b is null : a.Equals(b);
    public static bool operator !=(Oid? a, Oid? b) => !(a == b);
    public static bool operator <(Oid a, Oid b) => a.CompareTo(b) < 0;
    public static bool operator >(Oid a, Oid b) => a.CompareTo(b) > 0;
    public static bool operator <=(Oid a, Oid b) => a.CompareTo(b) <= 0;
    public static bool operator >=(Oid a, Oid b) => a.CompareTo(b) >= 0;
}
