namespace JailMetrics.Snmp.Mib;

/// <summary>
/// Two readers seen as one: GetNext returns the lesser of both successors, so a walk crosses from
/// one to the other in a single lexicographic order (RFC 3416 §4.2.2); Get prefers
/// <see cref="Primary"/> and, when neither has a value, answers noSuchInstance if either knows the
/// object type, else noSuchObject (§4.2.1). Where both hold the same OID, <see cref="Primary"/> wins.
/// </summary>
public sealed class LayeredMibReader : IMibReader
{
    public LayeredMibReader(IMibReader primary, IMibReader secondary)
    {
        Primary = primary;
        Secondary = secondary;
    }

    public IMibReader Primary { get; }

    public IMibReader Secondary { get; }

    public SnmpValue Get(Oid oid)
    {
        var first = Primary.Get(oid);
        if (!first.IsException) return first;
        var second = Secondary.Get(oid);
        if (!second.IsException) return second;
        return first.Type == SnmpType.NoSuchInstance ? first : second;
    }

    public bool TryGetNext(Oid oid, out Oid next, out SnmpValue value)
    {
        bool inPrimary = Primary.TryGetNext(oid, out var primaryNext, out var primaryValue);
        bool inSecondary = Secondary.TryGetNext(oid, out var secondaryNext, out var secondaryValue);
        if (inPrimary && (!inSecondary || primaryNext.CompareTo(secondaryNext) <= 0))
        {
            next = primaryNext;
            value = primaryValue;
            return true;
        }
        if (inSecondary)
        {
            next = secondaryNext;
            value = secondaryValue;
            return true;
        }
        next = oid;
        value = SnmpValue.EndOfMibView;
        return false;
    }
}
