using System.Text.Json;
using System.Text.Json.Serialization;
using JailMetrics.Rules;
using JailMetrics.State;
using Microsoft.Extensions.Logging;

namespace JailMetrics.Service.Inbound;

/// <summary>
/// One received alert a route acted on: its Alertmanager fingerprint, the route, the jail and the
/// rctl rule installed for it (canonical form), kept with <see cref="Sticky"/> so that its resolve is
/// handled as configured when it was applied, even if the route has changed since.
/// </summary>
public sealed record AppliedInboundAlert(string Fingerprint, string Route, string Alertname, string Jail, string Enforcement, bool Sticky, DateTimeOffset Since);

/// <summary>
/// The received alerts whose enforcement is in place, keyed by (fingerprint, route), saved in the
/// state directory (<see cref="FileName"/>, written atomically on every change, except under a dry
/// run) so that after a
/// restart a firing alert Alertmanager sends again is not applied twice, and its resolve still
/// removes the limit. A corrupt file is set aside as <c>.corrupt</c> and the service starts with none:
/// the limits stay, owned by the enforcement ledger, and a firing alert sent again applies as
/// already in place.
/// </summary>
public sealed class AppliedInboundAlerts
{
    public const string FileName = "inbound-alerts.json";

    private readonly string _path;
    private readonly ILogger _logger;
    private readonly bool _save;
    private readonly Dictionary<(string Fingerprint, string Route), AppliedInboundAlert> _applied = [];

    /// <param name="stateDirectory">Where <see cref="FileName"/> lives.</param>
    /// <param name="logger">For a corrupt or unsaveable file.</param>
    /// <param name="save">
    /// False under an enforcement dry run: the file is read but never written, so what a dry run
    /// "applied" (installed nothing) is remembered only until the service stops, and the same alert sent
    /// again once dry run is off is applied for real instead of counted as a duplicate. The file then
    /// still matches the enforcement ledger, which a dry run does not change either.
    /// </param>
    public AppliedInboundAlerts(string stateDirectory, ILogger logger, bool save = true)
    {
        _path = Path.Combine(stateDirectory, FileName);
        _logger = logger;
        _save = save;
        foreach (var entry in Load()) _applied[(entry.Fingerprint, entry.Route)] = entry;
    }

    public IReadOnlyCollection<AppliedInboundAlert> All => _applied.Values;

    public AppliedInboundAlert? Find(string fingerprint, string route) => _applied.GetValueOrDefault((fingerprint, route));

    /// <summary>Another applied alert that holds the same rule on the same jail, which must stay while it fires.</summary>
    public AppliedInboundAlert? OtherHolder(AppliedInboundAlert entry) =>
        _applied.Values.FirstOrDefault(other => other != entry && other.Jail == entry.Jail && other.Enforcement == entry.Enforcement);

    public void Add(AppliedInboundAlert entry)
    {
        _applied[(entry.Fingerprint, entry.Route)] = entry;
        Save();
    }

    public void Remove(AppliedInboundAlert entry)
    {
        if (_applied.Remove((entry.Fingerprint, entry.Route))) Save();
    }

    private IEnumerable<AppliedInboundAlert> Load() => VersionedStateFile.Load(_path, AppliedInboundAlertsContext.Default.Contents,
        file =>
        {
            var entries = file.Applied ?? [];
            foreach (var entry in entries)
            {
                if (entry is null || string.IsNullOrEmpty(entry.Fingerprint) || string.IsNullOrEmpty(entry.Route) || string.IsNullOrEmpty(entry.Jail))
                    throw new JsonException("an entry lacks its fingerprint, route or jail");
                RctlRule.Parse(entry.Enforcement ?? throw new JsonException("an entry lacks its enforcement"));
            }
            return entries;
        },
        [],
        (reason, aside) => _logger.LogError("Inbound alert state {Path} is corrupt ({Reason}); moved it to {Aside}. Limits received alerts installed stay in place and are not removed when those alerts resolve",
            _path, reason, aside));

    private void Save()
    {
        if (_save) Write();
    }

    private void Write() => VersionedStateFile.Save(_path,
        new Contents
        {
            Applied = [.. _applied.Values.OrderBy(e => e.Since).ThenBy(e => e.Fingerprint, StringComparer.Ordinal).ThenBy(e => e.Route, StringComparer.Ordinal)],
        },
        AppliedInboundAlertsContext.Default.Contents,
        e => _logger.LogError(e, "Cannot save inbound alert state to {Path}; after a restart, alerts applied since would be applied again and their limits not removed", _path));

    internal sealed class Contents : IVersionedStateFile
    {
        public int Version { get; set; }
        public List<AppliedInboundAlert>? Applied { get; set; }
    }
}

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(AppliedInboundAlerts.Contents))]
internal sealed partial class AppliedInboundAlertsContext : JsonSerializerContext;
