using System.Text.Json;
using System.Text.Json.Serialization;
using JailMetrics.Model;
using JailMetrics.Store;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace JailMetrics.State;

/// <summary>
/// Assigns every jail name a stable integer index, ifIndex style: a name keeps its index across
/// jail restarts (new JID) and service restarts, and an index is never reused for another name.
/// The SNMP tables are indexed by it. Persisted as JSON in the state directory, written atomically
/// whenever a new name appears. The host is always index 1.
/// </summary>
public sealed class JailIndexRegistry : ISnapshotConsumer
{
    public const string FileName = "jail-indexes.json";

    private readonly string _path;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private volatile Dictionary<string, int> _indexes; // replaced whole, never changed in place
    private int _next;

    public JailIndexRegistry(string stateDirectory, ILogger<JailIndexRegistry>? logger = null)
    {
        _path = Path.Combine(stateDirectory, FileName);
        _logger = logger ?? NullLogger<JailIndexRegistry>.Instance;
        _indexes = Load(_path, _logger);
        _next = _indexes.Count == 0 ? 1 : _indexes.Values.Max() + 1;
        if (!_indexes.ContainsKey(JailInfo.HostName)) IndexOf(JailInfo.HostName);
    }

    /// <summary>The index of <paramref name="name"/>, assigning (and persisting) a new one on first sight.</summary>
    public int IndexOf(string name)
    {
        if (_indexes.TryGetValue(name, out int known)) return known;
        Assign([name]);
        return _indexes[name];
    }

    /// <summary>The index of <paramref name="name"/> if it has one, without assigning.</summary>
    public bool TryGetIndex(string name, out int index) => _indexes.TryGetValue(name, out index);

    /// <summary>Assigns indexes to the sample's new names, all in one write of the state file.</summary>
    public void OnSnapshot(Snapshot current)
    {
        List<string>? fresh = null;
        foreach (var jail in current.Jails)
            if (!_indexes.ContainsKey(jail.Name)) (fresh ??= []).Add(jail.Name);
        if (fresh is not null) Assign(fresh);
    }

    /// <summary>
    /// Gives each new name the next index and saves once: a host that starts with 1000 jails writes
    /// the file once, not 1000 times. Readers see the old or the new dictionary, never a half-built one.
    /// </summary>
    private void Assign(IReadOnlyList<string> names)
    {
        lock (_lock)
        {
            var updated = new Dictionary<string, int>(_indexes, StringComparer.Ordinal);
            bool added = false;
            foreach (string name in names)
                if (updated.TryAdd(name, _next)) { _next++; added = true; }
            if (!added) return;
            _indexes = updated;
            Save();
        }
    }

    private void Save()
    {
        var file = new IndexFile { Version = 1, Jails = new SortedDictionary<string, int>(_indexes, StringComparer.Ordinal) };
        try
        {
            AtomicFile.WriteAllText(_path, JsonSerializer.Serialize(file, IndexFileContext.Default.IndexFile));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The indexes stay right in memory; they are only at risk across a restart.
            _logger.LogError(e, "Cannot save jail indexes to {Path}; they will be re-assigned after a restart", _path);
        }
    }

    private static Dictionary<string, int> Load(string path, ILogger logger)
    {
        if (!File.Exists(path)) return new Dictionary<string, int>(StringComparer.Ordinal);
        try
        {
            var file = JsonSerializer.Deserialize(File.ReadAllText(path), IndexFileContext.Default.IndexFile);
            var indexes = new Dictionary<string, int>(file?.Jails ?? [], StringComparer.Ordinal);
            if (indexes.Values.Any(i => i <= 0) || indexes.Values.Distinct().Count() != indexes.Count)
                throw new JsonException("indexes must be positive and distinct");
            return indexes;
        }
        catch (JsonException e)
        {
            // Keep the corrupt file for a human to look at; start a fresh numbering.
            string aside = AtomicFile.SetAside(path);
            logger.LogError("State file {Path} is corrupt ({Reason}); moved it to {Aside} and started new indexes", path, e.Message, aside);
            return new Dictionary<string, int>(StringComparer.Ordinal);
        }
    }

    internal sealed class IndexFile
    {
        public int Version { get; set; }
        public SortedDictionary<string, int>? Jails { get; set; }
    }
}

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(JailIndexRegistry.IndexFile))]
internal sealed partial class IndexFileContext : JsonSerializerContext;
