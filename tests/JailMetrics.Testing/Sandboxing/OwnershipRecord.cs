using System.Globalization;

namespace JailMetrics.Testing.Sandboxing;

/// <summary>
/// A file per sandbox saying which test process owns it and which host interface it uses, so that a
/// cleanup pass in one test process can tell another process's live sandbox (leave alone) from the
/// remains of a process that died (remove). Test projects run in parallel, so "every jmtest-* cgroup is
/// stale" would be wrong.
/// </summary>
/// <remarks>
/// The record is written before any cgroup or interface exists and deleted after they are gone, so
/// whoever sees a sandbox's cgroup or interface and then reads the records finds the owner.
/// The owner is named by PID and start time, which stays unambiguous when the PID is reused.
/// </remarks>
internal sealed record OwnershipRecord(string SandboxName, int OwnerPid, long OwnerStartTime, string? HostInterface)
{
    /// <summary>Whether the process that wrote the record is still running.</summary>
    public bool OwnerIsAlive => ProcFs.IsRunning(OwnerPid, OwnerStartTime);

    /// <summary>Records the calling process as owner of <paramref name="sandboxName"/>; throws when the name is taken.</summary>
    public static OwnershipRecord Claim(string sandboxName, string? hostInterface)
    {
        int self = Environment.ProcessId;
        var record = new OwnershipRecord(sandboxName, self, ProcFs.StartTime(self) ?? 0, hostInterface);
        string path = PathOf(sandboxName);
        // Written aside and moved into place without overwriting, so readers never see half a record
        // and two processes cannot both claim one name.
        string partial = $"{path}.{self}.{Guid.NewGuid():N}.partial";
        File.WriteAllText(partial, record.Serialize());
        try
        {
            File.Move(partial, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            throw new InvalidOperationException($"a sandbox named {sandboxName} already exists (owner recorded in {path})");
        }
        finally
        {
            File.Delete(partial);
        }
        return record;
    }

    /// <summary>All records, read now; unreadable or half-deleted ones are skipped.</summary>
    public static IReadOnlyList<OwnershipRecord> ReadAll()
    {
        var records = new List<OwnershipRecord>();
        foreach (string path in Directory.EnumerateFiles(HarnessDirectories.Sandboxes).Where(p => !p.EndsWith(".partial", StringComparison.Ordinal)))
        {
            try
            {
                records.Add(Parse(Path.GetFileName(path), File.ReadAllLines(path)));
            }
            catch (Exception e) when (e is IOException or FormatException or KeyNotFoundException)
            {
                // Removed meanwhile, or not ours to interpret.
            }
        }
        return records;
    }

    public void Release() => File.Delete(PathOf(SandboxName));

    private static string PathOf(string sandboxName) => Path.Combine(HarnessDirectories.Sandboxes, sandboxName);

    private string Serialize() => string.Join('\n',
        $"owner-pid={OwnerPid}", $"owner-start-time={OwnerStartTime}", $"host-interface={HostInterface}") + "\n";

    private static OwnershipRecord Parse(string sandboxName, string[] lines)
    {
        Dictionary<string, string> fields = lines.Select(l => l.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
        string hostInterface = fields["host-interface"];
        return new OwnershipRecord(
            sandboxName,
            int.Parse(fields["owner-pid"], CultureInfo.InvariantCulture),
            long.Parse(fields["owner-start-time"], CultureInfo.InvariantCulture),
            hostInterface.Length == 0 ? null : hostInterface);
    }
}
