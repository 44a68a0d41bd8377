namespace JailMetrics.Snmp.Security;

/// <summary>
/// A named read view (config): OID subtrees included and excluded, VACM-style families without
/// masks (RFC 3415 §5, vacmViewTreeFamilyTable). The most specific matching subtree decides.
/// </summary>
public sealed class ViewOptions
{
    public string Name { get; set; } = "";

    /// <summary>Subtrees in the view, dotted decimal (<c>1.3.6.1.2.1.1</c>); an empty string is the whole tree.</summary>
    public List<string> Include { get; set; } = [];

    /// <summary>Subtrees cut out of an included one (<c>1.3.6.1.6.3.15</c>).</summary>
    public List<string> Exclude { get; set; } = [];
}
