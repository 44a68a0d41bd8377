using System.Collections.Immutable;
using System.Text.RegularExpressions;
using JailMetrics.Alerts;

namespace JailMetrics.Service.Inbound;

/// <summary>One validated <see cref="InboundRouteOptions"/>: which received alerts it takes, and what it enforces.</summary>
public sealed partial record InboundRoute(
    string Name,
    string Alertname,
    ImmutableSortedDictionary<string, string> Labels,
    string JailLabel,
    EnforcementTemplate Enforce,
    bool Sticky)
{
    /// <summary>True when the alert's labels carry this route's alertname and every other label it asks for.</summary>
    public bool Matches(IReadOnlyDictionary<string, string> labels) =>
        labels.TryGetValue("alertname", out string? alertname) && alertname == Alertname &&
        Labels.All(wanted => labels.TryGetValue(wanted.Key, out string? value) && value == wanted.Value);

    /// <summary>
    /// Checks every route; returns them all when valid, else null and one line per fault, each naming
    /// the route's key (<c>Inbound:Routes:1</c>), its name and the field.
    /// </summary>
    public static IReadOnlyList<InboundRoute>? Parse(IReadOnlyList<InboundRouteOptions> options, out IReadOnlyList<string> errors)
    {
        var faults = new List<string>();
        var routes = new List<InboundRoute>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < options.Count; i++)
        {
            var route = options[i];
            string where = $"{InboundOptions.Section}:{nameof(InboundOptions.Routes)}:{i}: inbound route [{i}]{(string.IsNullOrWhiteSpace(route.Name) ? "" : $" \"{route.Name}\"")}";
            void Fail(string field, string reason) => faults.Add($"{where}: {field}: {reason}");

            if (string.IsNullOrWhiteSpace(route.Name)) Fail(nameof(route.Name), "required");
            else if (!names.Add(route.Name)) Fail(nameof(route.Name), "another route has this name");
            if (string.IsNullOrEmpty(route.Alertname)) Fail(nameof(route.Alertname), "required: the alertname label the route takes");
            if (!LabelName().IsMatch(route.JailLabel ?? ""))
                Fail(nameof(route.JailLabel), $"'{route.JailLabel}' is not a Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*)");
            foreach (string label in route.Labels.Keys.Where(l => !LabelName().IsMatch(l)))
                Fail($"{nameof(route.Labels)}:{label}", "not a Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*)");

            EnforcementTemplate? template = null;
            if (route.Enforce is null) Fail(nameof(route.Enforce), "required: the rctl rule to install while the alert fires, e.g. jail:$name:pcpu:deny=50");
            else
            {
                try
                {
                    template = EnforcementTemplate.Parse(route.Enforce);
                }
                catch (AlertSyntaxException e)
                {
                    Fail(nameof(route.Enforce), $"\"{route.Enforce}\" at column {e.Position + 1}: {e.Reason}");
                }
            }

            if (template is not null && faults.Count == 0)
                routes.Add(new InboundRoute(route.Name!, route.Alertname!, route.Labels.ToImmutableSortedDictionary(StringComparer.Ordinal),
                    route.JailLabel!, template, route.Sticky));
        }
        errors = faults;
        return faults.Count == 0 ? routes : null;
    }

    [GeneratedRegex("^[a-zA-Z_][a-zA-Z0-9_]*$")]
    private static partial Regex LabelName();
}
