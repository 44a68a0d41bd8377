using System.Collections.Immutable;

namespace JailMetrics.Alerts;

/// <summary>
/// Turns the configured <see cref="AlertRuleOptions"/> into <see cref="AlertRule"/>s, checking every
/// field of every rule so that one startup reports all mistakes at once, each with the rule's
/// position and the offending text (see <see cref="AlertRuleError"/>).
/// </summary>
public static class AlertRuleParser
{
    public static AlertRuleSet Parse(IReadOnlyList<AlertRuleOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var rules = ImmutableArray.CreateBuilder<AlertRule>();
        var errors = ImmutableArray.CreateBuilder<AlertRuleError>();
        var firstIndexByName = new Dictionary<string, int>(StringComparer.Ordinal);

        for (int i = 0; i < options.Count; i++)
        {
            var reader = new RuleReader(i, options[i] ?? new AlertRuleOptions());
            var rule = reader.Read();
            errors.AddRange(reader.Errors);

            string? name = options[i]?.Name;
            if (!string.IsNullOrWhiteSpace(name) && !firstIndexByName.TryAdd(name, i))
            {
                errors.Add(new AlertRuleError(i, name, nameof(AlertRuleOptions.Name), name, null,
                    $"the name is already used by alert rule [{firstIndexByName[name]}]; names identify a rule's alerts and saved state"));
                continue;
            }
            if (rule is not null) rules.Add(rule);
        }
        return new AlertRuleSet(rules.ToImmutable(), errors.ToImmutable());
    }

    /// <summary>Reads one rule, collecting an error per faulty field rather than stopping at the first.</summary>
    private sealed class RuleReader(int index, AlertRuleOptions options)
    {
        public List<AlertRuleError> Errors { get; } = [];

        public AlertRule? Read()
        {
            string? name = ReadName();
            var parsed = ReadRuleOrMatch();
            AlertThreshold? clear = parsed is null ? null : ReadClear(parsed);
            TimeSpan forDuration = ReadFor();
            AlertSeverity severity = ReadSeverity();
            var notify = ReadNotify();
            var enforce = ReadEnforce();
            if (options.Sticky && options.Enforce is null)
                Fail(nameof(AlertRuleOptions.Sticky), null, "Sticky keeps an enforcement in place after the alert resolves, but the rule has no Enforce");

            if (Errors.Count > 0 || name is null || parsed is null) return null;
            return new AlertRule
            {
                Name = name,
                Index = index,
                Jails = parsed.Jails,
                Resource = parsed.Resource,
                Threshold = parsed.Threshold!,
                Clear = clear,
                For = forDuration,
                Severity = severity,
                Notify = notify,
                Enforce = enforce,
                Sticky = options.Sticky,
            };
        }

        private string? ReadName()
        {
            if (string.IsNullOrWhiteSpace(options.Name))
            {
                Fail(nameof(AlertRuleOptions.Name), options.Name, "every alert rule needs a Name: it labels the rule's alerts in metrics, traps and saved state");
                return null;
            }
            int control = options.Name.AsSpan().IndexOfAnyInRange('\0', '\x1f');
            if (control >= 0)
            {
                Fail(nameof(AlertRuleOptions.Name), options.Name, "control character in the name", control);
                return null;
            }
            return options.Name;
        }

        private AlertRuleGrammar.Parsed? ReadRuleOrMatch()
        {
            if (options.Rule is not null)
            {
                if (options.Match is not null || options.Threshold is not null)
                {
                    Fail(nameof(AlertRuleOptions.Rule), options.Rule, "give either Rule, or Match with Threshold, not both");
                    return null;
                }
                return Try(nameof(AlertRuleOptions.Rule), options.Rule, AlertRuleGrammar.ParseRule);
            }
            if (options.Match is null)
            {
                Fail(nameof(AlertRuleOptions.Rule), null, $"missing: give Rule ({AlertRuleGrammar.RuleShape}) or Match ({AlertRuleGrammar.MatchShape}) with Threshold");
                return null;
            }

            var match = Try(nameof(AlertRuleOptions.Match), options.Match, AlertRuleGrammar.ParseMatch);
            if (options.Threshold is null)
            {
                Fail(nameof(AlertRuleOptions.Threshold), null, "missing: Match needs a Threshold (2g, 80% or 80%host.shmall)");
                return null;
            }
            if (match is null) return null; // the threshold's meaning depends on the resource
            var threshold = Try(nameof(AlertRuleOptions.Threshold), options.Threshold,
                text => ThresholdGrammar.Parse(text, 0, text.Length, match.Resource));
            return threshold is null ? null : match with { Threshold = threshold };
        }

        private AlertThreshold? ReadClear(AlertRuleGrammar.Parsed parsed)
        {
            if (options.Clear is null) return null;
            var clear = Try(nameof(AlertRuleOptions.Clear), options.Clear,
                text => ThresholdGrammar.Parse(text, 0, text.Length, parsed.Resource));
            if (clear is null) return null;
            var threshold = parsed.Threshold!;
            if (!threshold.IsSameFormAs(clear))
                Fail(nameof(AlertRuleOptions.Clear), options.Clear, $"Clear must have the same form as the threshold {threshold} (both amounts, both % of the jail's limit, or both % of the same host limit)");
            else if (clear.IsAbove(threshold))
                Fail(nameof(AlertRuleOptions.Clear), options.Clear, $"Clear must not be above the threshold {threshold}: the alert resolves when the value falls to it");
            return clear;
        }

        private TimeSpan ReadFor() =>
            options.For is null ? TimeSpan.Zero : Try(nameof(AlertRuleOptions.For), options.For, DurationGrammar.Parse);

        private AlertSeverity ReadSeverity()
        {
            if (options.Severity is null) return AlertSeverity.Warning;
            if (TryParseName<AlertSeverity>(options.Severity, out var severity)) return severity;
            Fail(nameof(AlertRuleOptions.Severity), options.Severity, "unknown severity (expected info, warning or critical)");
            return AlertSeverity.Warning;
        }

        private ImmutableArray<AlertNotifyTarget> ReadNotify()
        {
            var targets = ImmutableArray.CreateBuilder<AlertNotifyTarget>();
            for (int i = 0; i < options.Notify.Count; i++)
            {
                string target = options.Notify[i] ?? "";
                if (TryParseName<AlertNotifyTarget>(target, out var parsed))
                {
                    if (!targets.Contains(parsed)) targets.Add(parsed);
                }
                else
                {
                    Fail($"Notify[{i}]", target, "unknown notifier (expected snmp, log, alertmanager or webhook)");
                }
            }
            return targets.ToImmutable();
        }

        private EnforcementTemplate? ReadEnforce() =>
            options.Enforce is null ? null : Try(nameof(AlertRuleOptions.Enforce), options.Enforce, EnforcementTemplate.Parse);

        // By member name only: Enum.TryParse would also take "2" or "info,critical".
        private static bool TryParseName<T>(string text, out T value) where T : struct, Enum
        {
            foreach (var candidate in Enum.GetValues<T>())
            {
                if (candidate.ToString().Equals(text, StringComparison.OrdinalIgnoreCase))
                {
                    value = candidate;
                    return true;
                }
            }
            value = default;
            return false;
        }

        private T? Try<T>(string field, string text, Func<string, T> parse)
        {
            try
            {
                return parse(text);
            }
            catch (AlertSyntaxException e)
            {
                Fail(field, text, e.Reason, e.Position);
                return default;
            }
        }

        private void Fail(string field, string? text, string reason, int? position = null) =>
            Errors.Add(new AlertRuleError(index, string.IsNullOrWhiteSpace(options.Name) ? null : options.Name, field, text, position + 1, reason));
    }
}
