using JailMetrics.Snmp.Mib;

namespace JailMetrics.Snmp.Security;

/// <summary>
/// What one user or community may read: included and excluded OID subtrees, the most specific
/// (longest) subtree containing an OID deciding, as VACM's view families do without masks
/// (RFC 3415 §5: "the one with the longest subtree wins"; on a tie between an include and an
/// exclude of the same subtree, exclude wins, the safe choice). An OID under no subtree is not in
/// the view. Immutable.
/// </summary>
public sealed class AccessView
{
    public const string AllName = "all";

    /// <summary>The default view: every OID.</summary>
    public static AccessView All { get; } = new(AllName, [new Oid()], []);

    // Longest first, so the first match is the most specific.
    private readonly (Oid Subtree, bool Included)[] _families;

    public AccessView(string name, IEnumerable<Oid> included, IEnumerable<Oid> excluded)
    {
        Name = name;
        _families = included.Select(oid => (oid, true))
            .Concat(excluded.Select(oid => (oid, false)))
            .OrderByDescending(family => family.oid.Length)
            .ThenBy(family => family.Item2) // exclude (false) before include on equal length
            .ToArray();
    }

    public string Name { get; }

    public bool IsVisible(Oid oid)
    {
        foreach (var (subtree, included) in _families)
            if (oid.StartsWith(subtree)) return included;
        return false;
    }

    /// <summary>
    /// The least OID after <paramref name="oid"/> at which visibility may change: the next point where
    /// a family's subtree begins or ends (visibility is constant between such points, since it depends
    /// only on which subtrees contain the OID). Null when none follows. Lets a GetNext step over a whole
    /// hidden subtree in one jump instead of instance by instance.
    /// </summary>
    public Oid? NextBoundaryAfter(Oid oid)
    {
        Oid? best = null;
        foreach (var (subtree, _) in _families)
        {
            if (subtree > oid && (best is null || subtree < best)) best = subtree;
            if (EndOf(subtree) is { } end && end > oid && (best is null || end < best)) best = end;
        }
        return best;
    }

    /// <summary>The least OID after every OID in <paramref name="subtree"/> (its last arc + 1, carrying upwards); null for the whole tree.</summary>
    private static Oid? EndOf(Oid subtree)
    {
        var arcs = subtree.Arcs;
        for (int length = arcs.Length; length > 0; length--)
        {
            if (arcs[length - 1] == uint.MaxValue) continue;
            var end = arcs[..length].ToArray();
            end[^1]++;
            return new Oid(end);
        }
        return null;
    }

    /// <summary>From config; a malformed OID is an error naming the view.</summary>
    public static AccessView FromOptions(ViewOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Name)) throw new UsmConfigurationException("an SNMP view needs a Name");
        return new AccessView(options.Name, Parse(options, options.Include, "Include"), Parse(options, options.Exclude, "Exclude"));
    }

    public override string ToString() => $"AccessView({Name}, {_families.Length} subtrees)";

    private static List<Oid> Parse(ViewOptions options, IEnumerable<string> subtrees, string field)
    {
        var parsed = new List<Oid>();
        foreach (string text in subtrees)
        {
            try
            {
                parsed.Add(Oid.Parse(text.Trim()));
            }
            catch (Exception e) when (e is FormatException or ArgumentException)
            {
                throw new UsmConfigurationException($"SNMP view '{options.Name}': {field} entry '{text}' is not an OID: {e.Message}", e);
            }
        }
        return parsed;
    }
}
