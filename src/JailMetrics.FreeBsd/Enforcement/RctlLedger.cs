using System.Text.Json;
using System.Text.Json.Serialization;
using JailMetrics.FreeBsd.Text;
using JailMetrics.Rules;
using JailMetrics.State;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace JailMetrics.FreeBsd.Enforcement;

/// <summary>
/// The rctl rules this service added, and only those: the service may remove a rule only when it is
/// listed here, so rules an administrator added by hand (rctl -a, /etc/rctl.conf) are never touched.
/// Persisted as JSON in the state directory and written atomically (<see cref="AtomicFile"/>) on every
/// change, so ownership survives a restart. A corrupt file is set aside as <c>.corrupt</c> and the
/// ledger starts empty: the service then owns nothing, which errs on the side of leaving rules alone.
/// </summary>
public sealed class RctlLedger
{
    public const string FileName = "rctl-ledger.json";

    private readonly string _path;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private HashSet<RctlRule> _rules;

    public RctlLedger(string stateDirectory, ILogger<RctlLedger>? logger = null)
    {
        _path = Path.Combine(stateDirectory, FileName);
        _logger = logger ?? NullLogger<RctlLedger>.Instance;
        _rules = Load(_path, _logger);
    }

    /// <summary>The rules owned, in canonical order.</summary>
    public IReadOnlyList<RctlRule> Rules
    {
        get
        {
            lock (_lock) return [.. _rules.OrderBy(r => r.ToString(), StringComparer.Ordinal)];
        }
    }

    public bool Contains(RctlRule rule)
    {
        lock (_lock) return _rules.Contains(rule);
    }

    /// <summary>Records <paramref name="rule"/> as owned and saves; false when it already was.</summary>
    public bool Add(RctlRule rule)
    {
        lock (_lock)
        {
            if (_rules.Contains(rule)) return false;
            _rules = [.. _rules, rule];
            Save();
            return true;
        }
    }

    /// <summary>Forgets <paramref name="rule"/> and saves; false when it was not owned.</summary>
    public bool Remove(RctlRule rule)
    {
        lock (_lock)
        {
            if (!_rules.Contains(rule)) return false;
            _rules = [.. _rules.Where(r => r != rule)];
            Save();
            return true;
        }
    }

    private void Save() => VersionedStateFile.Save(_path,
        new LedgerFile { Rules = [.. _rules.Select(r => r.ToString()).Order(StringComparer.Ordinal)] },
        LedgerFileContext.Default.LedgerFile,
        // Ownership stays right in memory; after a restart the unsaved rules look hand-made and are left alone.
        e => _logger.LogError(e, "Cannot save the rctl ledger to {Path}; rules added since the last save will not be removed after a restart", _path));

    private static HashSet<RctlRule> Load(string path, ILogger logger) => VersionedStateFile.Load(path, LedgerFileContext.Default.LedgerFile,
        file =>
        {
            var rules = new HashSet<RctlRule>();
            foreach (string text in file.Rules ?? [])
            {
                var parsed = RctlRuleParser.Parse(text);
                if (parsed.Count != 1) throw new JsonException($"'{text}' is not exactly one rule");
                rules.Add(parsed[0]);
            }
            return rules;
        },
        [],
        (reason, aside) => logger.LogError("rctl ledger {Path} is corrupt ({Reason}); moved it to {Aside} and started empty: rules added earlier will be left in place", path, reason, aside));

    internal sealed class LedgerFile : IVersionedStateFile
    {
        public int Version { get; set; }
        public List<string>? Rules { get; set; }
    }
}

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(RctlLedger.LedgerFile))]
internal sealed partial class LedgerFileContext : JsonSerializerContext;
