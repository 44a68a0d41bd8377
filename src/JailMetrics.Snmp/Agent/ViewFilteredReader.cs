using JailMetrics.Snmp.Mib;
using JailMetrics.Snmp.Security;

namespace JailMetrics.Snmp.Agent;

/// <summary>
/// A reader restricted to an <see cref="AccessView"/>: what a user or community may not see does
/// not exist for it (RFC 3415 §3.2 isAccessAllowed → notInView; RFC 3416 §4.2.1: Get answers
/// noSuchObject, §4.2.2: GetNext passes over it to the next visible instance). A hidden region is
/// crossed in one jump to the view's next boundary, so a GetNext costs O(view families), not
/// O(hidden instances) — a GetBulk with thousands of repeaters in front of a large hidden table
/// stays cheap. A thin wrapper, made per request around the current reader.
/// </summary>
internal sealed class ViewFilteredReader : IMibReader
{
    private readonly IMibReader _inner;
    private readonly AccessView _view;

    private ViewFilteredReader(IMibReader inner, AccessView view)
    {
        _inner = inner;
        _view = view;
    }

    /// <summary><paramref name="inner"/> itself when the view is the built-in <c>all</c>, else the filter.</summary>
    public static IMibReader Over(IMibReader inner, AccessView view) =>
        ReferenceEquals(view, AccessView.All) ? inner : new ViewFilteredReader(inner, view);

    public SnmpValue Get(Oid oid) => _view.IsVisible(oid) ? _inner.Get(oid) : SnmpValue.NoSuchObject;

    public bool TryGetNext(Oid oid, out Oid next, out SnmpValue value)
    {
        var at = oid;
        while (_inner.TryGetNext(at, out next, out value))
        {
            if (_view.IsVisible(next)) return true;

            // Hidden: nothing before the next boundary can be visible; resume at the first instance ≥ it.
            if (_view.NextBoundaryAfter(next) is not { } boundary) break;
            var atBoundary = _inner.Get(boundary);
            if (!atBoundary.IsException && _view.IsVisible(boundary))
            {
                next = boundary;
                value = atBoundary;
                return true;
            }
            at = boundary;
        }
        next = oid; // endOfMibView carries the requested name (RFC 3416 §4.2.2)
        value = SnmpValue.EndOfMibView;
        return false;
    }
}
