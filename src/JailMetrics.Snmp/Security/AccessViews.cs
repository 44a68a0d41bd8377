namespace JailMetrics.Snmp.Security;

/// <summary>
/// The configured views by name, with the built-in <c>all</c> unless config redefines it. Users and
/// communities refer to views by name; an unknown name is a configuration error.
/// </summary>
public sealed class AccessViews
{
    private readonly Dictionary<string, AccessView> _byName;

    public AccessViews(IEnumerable<ViewOptions> views)
    {
        _byName = new Dictionary<string, AccessView>(StringComparer.Ordinal) { [AccessView.AllName] = AccessView.All };
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var options in views)
        {
            var view = AccessView.FromOptions(options);
            if (!seen.Add(view.Name)) throw new UsmConfigurationException($"SNMP view '{view.Name}' is defined twice");
            _byName[view.Name] = view;
        }
    }

    public static AccessViews Default { get; } = new([]);

    /// <summary>The view called <paramref name="name"/> (<c>all</c> when null or empty).</summary>
    /// <param name="referrer">Who refers to it, for the error message ("SNMPv3 user 'x'").</param>
    public AccessView Get(string? name, string referrer)
    {
        string wanted = string.IsNullOrEmpty(name) ? AccessView.AllName : name;
        return _byName.TryGetValue(wanted, out var view)
            ? view
            : throw new UsmConfigurationException($"{referrer}: View '{wanted}' is not defined");
    }
}
