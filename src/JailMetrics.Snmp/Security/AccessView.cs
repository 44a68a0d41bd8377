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
