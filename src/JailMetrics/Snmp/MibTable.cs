using JailMetrics.Snmp.Mib;

namespace JailMetrics.Service.Snmp;

/// <summary>
/// A conceptual table (RFC 2578 §7.1.12): its entry OID, its readable columns, and how a row's
/// INDEX becomes the instance's sub-identifiers. Writes rows into a <see cref="MibViewBuilder"/>.
/// </summary>
public sealed class MibTable<TRow>
{
    private readonly Func<TRow, uint[]?> _index;
    private readonly (MibColumn<TRow> Column, Oid Oid)[] _columns;

    /// <param name="index">The row's index sub-identifiers, or null for a row that cannot be indexed (left out).</param>
    public MibTable(Oid entry, Func<TRow, uint[]?> index, IReadOnlyList<MibColumn<TRow>> columns)
    {
        _index = index;
        _columns = [.. columns.Select(c => (c, entry.Append(c.SubId)))];
        if (columns.Select(c => c.SubId).Distinct().Count() != columns.Count)
            throw new ArgumentException($"two columns of {entry} share a sub-identifier", nameof(columns));
    }

    public IEnumerable<MibObject> Objects => _columns.Select(c => new MibObject(c.Column.Name, c.Oid, c.Column.Syntax, c.Column.Units));

    /// <summary>Declares the columns and adds every row's values; a row whose index repeats an earlier row's is left out.</summary>
    public void AddTo(MibViewBuilder view, IEnumerable<TRow> rows)
    {
        foreach (var (_, oid) in _columns) view.AddObjectType(oid);
        var seen = new HashSet<Oid>();
        foreach (var row in rows)
        {
            if (_index(row) is not { } index) continue;
            // Data can repeat an index (two identical rctl rules); the first row wins rather than the sample failing.
            if (!seen.Add(new Oid(index))) continue;
            foreach (var (column, oid) in _columns)
            {
                if (column.Read(row) is not { } value) continue;
                MibValues.CheckType(column.Name, column.Syntax, value);
                view.Add(oid.Append(index), value);
            }
        }
    }
}
