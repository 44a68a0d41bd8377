using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace JailMetrics.State;

/// <summary>The shape every versioned JSON state file shares: a <c>version</c> field, 1 so far.</summary>
public interface IVersionedStateFile
{
    int Version { get; set; }
}

/// <summary>
/// Reads and writes the service's small JSON state files (ledgers, firing and applied alerts) the one
/// way they all want: a missing file is no state; a corrupt one is set aside as <c>.corrupt</c> and the
/// service starts with no state (each owner says, through its callback, what that costs); a write is
/// atomic (<see cref="AtomicFile"/>), and a failed one is reported, not thrown, since the state in
/// memory stays right and only a restart before the next good write loses track.
/// </summary>
public static class VersionedStateFile
{
    public const int CurrentVersion = 1;

    /// <summary>
    /// The contents of <paramref name="path"/> turned into the owner's state by <paramref name="read"/>,
    /// which throws <see cref="JsonException"/>, <see cref="FormatException"/> or
    /// <see cref="ArgumentException"/> for content it cannot take; <paramref name="empty"/> when the file
    /// is missing or corrupt (then <paramref name="onCorrupt"/> is told the reason and where the file went).
    /// </summary>
    public static T Load<TFile, T>(string path, JsonTypeInfo<TFile> type, Func<TFile, T> read, T empty, Action<string, string> onCorrupt)
        where TFile : class, IVersionedStateFile
    {
        if (!File.Exists(path)) return empty;
        try
        {
            var file = JsonSerializer.Deserialize(File.ReadAllText(path), type) ?? throw new JsonException("the file is empty");
            if (file.Version != CurrentVersion) throw new JsonException($"unknown version {file.Version}");
            return read(file);
        }
        catch (Exception e) when (e is JsonException or FormatException or ArgumentException)
        {
            string aside = AtomicFile.SetAside(path);
            onCorrupt(e.Message, aside);
            return empty;
        }
    }

    /// <summary>Writes <paramref name="file"/> atomically; an I/O failure goes to <paramref name="onFailure"/>.</summary>
    public static void Save<TFile>(string path, TFile file, JsonTypeInfo<TFile> type, Action<Exception> onFailure)
        where TFile : class, IVersionedStateFile
    {
        file.Version = CurrentVersion;
        try
        {
            AtomicFile.WriteAllText(path, JsonSerializer.Serialize(file, type));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            onFailure(e);
        }
    }
}
