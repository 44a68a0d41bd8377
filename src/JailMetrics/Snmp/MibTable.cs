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
        // In sub-identifier order, so AddTo adds the instances in GetNext order (see MibViewBuilder).
        _columns = [.. columns.OrderBy(c => c.SubId).Select(c => (c, entry.Append(c.SubId)))];
        if (columns.Select(c => c.SubId).Distinct().Count() != columns.Count)
            throw new ArgumentException($"two columns of {entry} share a sub-identifier", nameof(columns));
    }

    public IEnumerable<MibObject> Objects => _columns.Select(c => new MibObject(c.Column.Name, c.Oid, c.Column.Syntax, c.Column.Units));

    /// <summary>
    /// Declares the columns and adds every row's values, column by column and in index order (the
    /// order GetNext walks a table); a row whose index repeats an earlier row's is left out.
    /// </summary>
    public void AddTo(MibViewBuilder view, IEnumerable<TRow> rows)
    {
        foreach (var (_, oid) in _columns) view.AddObjectType(oid);
        var indexed = new List<(Oid Index, TRow Row)>();
        var seen = new HashSet<Oid>();
        foreach (var row in rows)
        {
            if (_index(row) is not { } index) continue;
            // Data can repeat an index (two identical rctl rules); the first row wins rather than the sample failing.
            var key = new Oid(index);
            if (seen.Add(key)) indexed.Add((key, row));
        }
        // Rows come in any order (limits per jail, alerts by rule); the view wants them in index order.
        var ordered = indexed.OrderBy(r => r.Index).ToArray();
        foreach (var (column, oid) in _columns)
        {
            foreach (var (index, row) in ordered)
            {
                if (column.Read(row) is not { } value) continue;
                MibValues.CheckType(column.Name, column.Syntax, value);
                view.Add(oid.Append(index.Arcs), value);
            }
        }
    }
}
