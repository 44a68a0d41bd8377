namespace JailMetrics.State;

/// <summary>
/// Writes a file so that readers, and the next start after a crash, see either the old content or
/// the new one, never a torn mix: write a temporary file beside it, flush it to disk, rename over.
/// </summary>
public static class AtomicFile
{
    public static void WriteAllText(string path, string contents)
    {
        string directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        string temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            using (var writer = new StreamWriter(stream))
            {
                writer.Write(contents);
                writer.Flush();
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>
    /// Moves a state file that cannot be read to <c>{path}.corrupt</c>, for a human to look at, so
    /// the service can start afresh without losing the evidence. Returns where it went.
    /// </summary>
    public static string SetAside(string path)
    {
        string aside = path + ".corrupt";
        File.Move(path, aside, overwrite: true);
        return aside;
    }
}
