using System.Text.Json;
using System.Text.Json.Serialization;
using JailMetrics.Model;
using JailMetrics.Rules;
using JailMetrics.State;
using Microsoft.Extensions.Logging;

namespace JailMetrics.Alerts;

/// <summary>
/// The alerts that are firing, saved in the state directory so that a restart neither notifies them a
/// second time nor forgets the enforcement they installed (which must come off when they resolve).
/// Pending alerts are not saved: their <c>For</c> starts again, which at worst delays a notification.
/// Each entry carries enough of its rule (resource, severity, notifiers, sticky) to resolve it properly
/// if the rule has left the configuration meanwhile. Written atomically; a corrupt file is set aside as
/// <c>.corrupt</c> and the service starts with no firing alerts.
/// </summary>
internal sealed class FiringAlertFile(string path, ILogger logger)
{
    public const string FileName = "alerts.json";

    public IReadOnlyList<Entry> Load() => VersionedStateFile.Load(path, FiringAlertFileContext.Default.Contents,
        file =>
        {
            var entries = file.Firing ?? [];
            foreach (var entry in entries) entry.Validate();
            return (IReadOnlyList<Entry>)entries;
        },
        [],
        (reason, aside) => logger.LogError("Alert state {Path} is corrupt ({Reason}); moved it to {Aside}. Alerts that were firing will notify again, and limits they installed will not be removed when they resolve",
            path, reason, aside));

    public void Save(IEnumerable<Entry> firing) => VersionedStateFile.Save(path,
        new Contents { Firing = [.. firing.OrderBy(e => e.Rule, StringComparer.Ordinal).ThenBy(e => e.Jail, StringComparer.Ordinal)] },
        FiringAlertFileContext.Default.Contents,
        // Right in memory; only a restart before the next successful save loses track.
        e => logger.LogError(e, "Cannot save alert state to {Path}; after a restart, firing alerts would notify again and their limits would not be removed", path));

    internal sealed class Contents : IVersionedStateFile
    {
        public int Version { get; set; }
        public List<Entry>? Firing { get; set; }
    }

    /// <summary>One firing alert. Names, not enum numbers, so the file reads well and survives reordering.</summary>
    internal sealed class Entry
    {
        public string Rule { get; set; } = "";
        public string Jail { get; set; } = "";
        public string Resource { get; set; } = "";
        public string Severity { get; set; } = "";
        public List<string> Notify { get; set; } = [];
        public bool Sticky { get; set; }
        public DateTimeOffset Since { get; set; }
        public double Value { get; set; }
        public double Threshold { get; set; }
        /// <summary>The installed rctl rule in canonical form, or null.</summary>
        public string? Enforcement { get; set; }

        public static Entry Of(AlertTracker tracker) => new()
        {
            Rule = tracker.Rule.Name,
            Jail = tracker.Jail,
            Resource = ResourceInfo.Of(tracker.Rule.Resource).RctlName,
            Severity = tracker.Rule.Severity.ToString().ToLowerInvariant(),
            Notify = [.. tracker.Rule.Notify.Select(n => n.ToString().ToLowerInvariant())],
            Sticky = tracker.Rule.Sticky,
            Since = tracker.Since,
            Value = tracker.Value,
            Threshold = tracker.Threshold,
            Enforcement = tracker.Enforcement?.ToString(),
        };

        /// <exception cref="JsonException">A field cannot be read back.</exception>
        public void Validate()
        {
            if (Rule.Length == 0 || Jail.Length == 0) throw new JsonException("an entry lacks its rule or jail");
            if (!RacctNames.TryGetResource(Resource, out _)) throw new JsonException($"unknown resource '{Resource}'");
            if (!Enum.TryParse<AlertSeverity>(Severity, ignoreCase: true, out _)) throw new JsonException($"unknown severity '{Severity}'");
            if (Notify.Any(n => !Enum.TryParse<AlertNotifyTarget>(n, ignoreCase: true, out _))) throw new JsonException("unknown notifier");
            if (Enforcement is not null) RctlRule.Parse(Enforcement);
        }

        public RctlRule? ParseEnforcement() => Enforcement is null ? null : RctlRule.Parse(Enforcement);

        /// <summary>A stand-in for a rule that left the configuration while this alert was firing: it can only resolve.</summary>
        public AlertRule ToRetiredRule()
        {
            RacctNames.TryGetResource(Resource, out var resource);
            return new AlertRule
            {
                Name = Rule,
                Index = -1,
                Jails = JailGlob.Exactly(Jail),
                Resource = resource,
                Threshold = new AbsoluteThreshold(Threshold),
                Severity = Enum.Parse<AlertSeverity>(Severity, ignoreCase: true),
                Notify = [.. Notify.Select(n => Enum.Parse<AlertNotifyTarget>(n, ignoreCase: true))],
                Sticky = Sticky,
            };
        }
    }
}

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(FiringAlertFile.Contents))]
internal sealed partial class FiringAlertFileContext : JsonSerializerContext;
