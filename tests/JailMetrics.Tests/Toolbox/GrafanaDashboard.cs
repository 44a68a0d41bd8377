using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace JailMetrics.Tests.Toolbox;

/// <summary>
/// A Grafana dashboard JSON model, and what is wrong with its structure: a panel without a
/// datasource or without targets, a target without refId or expr, duplicate panel ids or refIds,
/// and $variables that are neither defined in templating nor Grafana's own ($__rate_interval …).
/// </summary>
public sealed partial class GrafanaDashboard
{
    // Variables Grafana defines itself (https://grafana.com/docs/grafana/latest/dashboards/variables/add-template-variables/#global-variables).
    private static readonly HashSet<string> GlobalVariables = new(StringComparer.Ordinal)
    {
        "__interval", "__interval_ms", "__rate_interval", "__range", "__range_s", "__range_ms",
        "__from", "__to", "__dashboard", "__org", "__user", "__name", "__timeFilter", "timeFilter",
    };

    private readonly JsonObject _model;

    private GrafanaDashboard(JsonObject model) => _model = model;

    public static GrafanaDashboard Load(string path) => Parse(File.ReadAllText(path));

    public static GrafanaDashboard Parse(string json) =>
        new(JsonNode.Parse(json) as JsonObject ?? throw new InvalidDataException("the dashboard is not a JSON object"));

    /// <summary>Every panel, rows' nested panels included; rows themselves are not data panels.</summary>
    public IEnumerable<JsonObject> Panels =>
        Array("panels", _model).SelectMany(p => new[] { p }.Concat(Array("panels", p)));

    public IEnumerable<JsonObject> DataPanels => Panels.Where(p => (string?)p["type"] != "row");

    public IReadOnlyDictionary<string, JsonObject> Variables =>
        Array("list", _model["templating"] as JsonObject).ToDictionary(v => (string)v["name"]!, StringComparer.Ordinal);

    public IEnumerable<string> Expressions => DataPanels.SelectMany(p => Array("targets", p)).Select(t => (string?)t["expr"] ?? "");

    /// <summary>Template variable queries (label_values(…)), themselves PromQL selectors.</summary>
    public IEnumerable<string> VariableQueries =>
        Variables.Values.Where(v => (string?)v["type"] == "query").Select(v => (string?)(v["query"] as JsonObject)?["query"] ?? (string?)v["query"] ?? "");

    /// <summary>
    /// The PromQL inside the variable queries: Grafana's <c>label_values(selector, label)</c> is not
    /// PromQL, its second argument is a label name; <c>label_values(label)</c> selects no metric.
    /// </summary>
    public IEnumerable<string> VariableSelectors =>
        VariableQueries.Select(q => LabelValues().Match(q) is { Success: true } m ? m.Groups["selector"].Value : q)
            .Where(q => !LabelValuesOfLabelOnly().IsMatch(q));

    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        var ids = new HashSet<int>();
        foreach (var panel in Panels)
        {
            string title = (string?)panel["title"] ?? "(untitled)";
            if (panel["id"] is not JsonValue idValue || !idValue.TryGetValue(out int id)) problems.Add($"panel \"{title}\" has no numeric id");
            else if (!ids.Add(id)) problems.Add($"panel id {id} (\"{title}\") is used twice");
            if (panel["gridPos"] is not JsonObject) problems.Add($"panel \"{title}\" has no gridPos");
            if ((string?)panel["type"] == "row") continue;

            if (panel["datasource"] is not JsonObject) problems.Add($"panel \"{title}\" has no datasource");
            var targets = Array("targets", panel).ToList();
            if (targets.Count == 0) problems.Add($"panel \"{title}\" has no targets");
            var refIds = new HashSet<string>(StringComparer.Ordinal);
            foreach (var target in targets)
            {
                string? refId = (string?)target["refId"];
                if (string.IsNullOrEmpty(refId)) problems.Add($"panel \"{title}\" has a target without refId");
                else if (!refIds.Add(refId)) problems.Add($"panel \"{title}\" uses refId {refId} twice");
                if (string.IsNullOrWhiteSpace((string?)target["expr"])) problems.Add($"panel \"{title}\" target {refId} has no expr");
            }
        }

        var defined = Variables.Keys.ToHashSet(StringComparer.Ordinal);
        foreach (Match use in VariableUse().Matches(_model.ToJsonString()))
        {
            string name = use.Groups["a"].Success ? use.Groups["a"].Value : use.Groups["b"].Value;
            if (!defined.Contains(name) && !GlobalVariables.Contains(name))
                problems.Add($"${name} is used but not defined in templating");
        }
        return problems.Distinct(StringComparer.Ordinal).ToList();
    }

    private static IEnumerable<JsonObject> Array(string key, JsonObject? owner) =>
        owner?[key] is JsonArray array ? array.OfType<JsonObject>() : [];

    [GeneratedRegex(@"^\s*label_values\((?<selector>.+),\s*\w+\s*\)\s*$")]
    private static partial Regex LabelValues();

    [GeneratedRegex(@"^\s*label_values\(\s*\w+\s*\)\s*$")]
    private static partial Regex LabelValuesOfLabelOnly();

    // $name or ${name} / ${name:format}; not "$$" nor Prometheus' template "{{ $labels }}" (absent in dashboards).
    [GeneratedRegex(@"\$(?:\{(?<a>\w+)(?::[^}]*)?\}|(?<b>[A-Za-z_]\w*))")]
    private static partial Regex VariableUse();
}
