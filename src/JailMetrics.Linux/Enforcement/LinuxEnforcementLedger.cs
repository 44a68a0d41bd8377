using System.Text.Json;
using System.Text.Json.Serialization;
using JailMetrics.State;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace JailMetrics.Linux.Enforcement;

/// <summary>
/// One cgroup limit jailmetrics installed: the rule it stands for, where it was written, the value it
/// replaced (restored on removal) and the value the kernel showed after the write (to notice a hand edit).
/// </summary>
public sealed record CgroupLedgerEntry(
    string Jail, string CgroupPath, string Rule, string Directory, string File, string? Device, string? Key, string Previous, string Installed)
{
    [JsonIgnore]
    public CgroupSetting Setting => new(File.Split('.')[0], File, Device, Key);

    /// <summary>True when this entry is for the same knob in the same cgroup (one owner per knob).</summary>
    public bool SameKnob(string directory, CgroupSetting setting) =>
        Directory == directory && File == setting.File && Device == setting.Device && Key == setting.Key;
}

/// <summary>
/// The cgroup limits this service wrote, and only those: it changes or restores a knob only when it
/// is listed here, so limits set by hand or by a container runtime are never touched. Saved as JSON
/// with <see cref="AtomicFile"/> on every change. A corrupt file is set aside as <c>.corrupt</c> and the
/// ledger starts empty — the service then owns nothing, which errs on the side of leaving limits alone.
/// </summary>
public sealed class LinuxEnforcementLedger
{
    public const string FileName = "cgroup-ledger.json";

    private readonly string _path;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private List<CgroupLedgerEntry> _entries;

    public LinuxEnforcementLedger(string stateDirectory, ILogger<LinuxEnforcementLedger>? logger = null)
    {
        _path = Path.Combine(stateDirectory, FileName);
        _logger = logger ?? NullLogger<LinuxEnforcementLedger>.Instance;
        _entries = Load(_path, _logger);
    }

    public IReadOnlyList<CgroupLedgerEntry> Entries
    {
        get
        {
            lock (_lock) return [.. _entries];
        }
    }

    /// <summary>The entry owning <paramref name="setting"/> in <paramref name="directory"/>, if any.</summary>
    public CgroupLedgerEntry? Find(string directory, CgroupSetting setting)
    {
        lock (_lock) return _entries.FirstOrDefault(e => e.SameKnob(directory, setting));
    }

    /// <summary>Records <paramref name="entry"/>, replacing any entry for the same knob, and saves.</summary>
    public void Put(CgroupLedgerEntry entry)
    {
        lock (_lock)
        {
            _entries = [.. _entries.Where(e => !e.SameKnob(entry.Directory, entry.Setting)), entry];
            Save();
        }
    }

    /// <summary>Forgets the entry for <paramref name="entry"/>'s knob and saves; false when there was none.</summary>
    public bool Remove(CgroupLedgerEntry entry)
    {
        lock (_lock)
        {
            int before = _entries.Count;
            _entries = [.. _entries.Where(e => !e.SameKnob(entry.Directory, entry.Setting))];
            if (_entries.Count == before) return false;
            Save();
            return true;
        }
    }

    private void Save() => VersionedStateFile.Save(_path, new LedgerFile { Entries = [.. _entries] }, CgroupLedgerContext.Default.LedgerFile,
        // Ownership stays right in memory; after a restart the unsaved limits look foreign and are left alone.
        e => _logger.LogError(e, "Cannot save the cgroup ledger to {Path}; limits written since the last save will not be restored after a restart", _path));

    private static List<CgroupLedgerEntry> Load(string path, ILogger logger) => VersionedStateFile.Load(path, CgroupLedgerContext.Default.LedgerFile,
        file =>
        {
            var entries = file.Entries ?? [];
            if (entries.Any(e => e is null || e.Directory is null || e.File is null || e.Previous is null || e.Installed is null || e.Rule is null))
                throw new JsonException("an entry lacks a field");
            return entries;
        },
        [],
        (reason, aside) => logger.LogError("cgroup ledger {Path} is corrupt ({Reason}); moved it to {Aside} and started empty: limits written earlier will be left in place", path, reason, aside));

    internal sealed class LedgerFile : IVersionedStateFile
    {
        public int Version { get; set; }
        public List<CgroupLedgerEntry>? Entries { get; set; }
    }
}

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(LinuxEnforcementLedger.LedgerFile))]
internal sealed partial class CgroupLedgerContext : JsonSerializerContext;
