namespace JailMetrics.Snmp.Security;

/// <summary>
/// Replaces a file so that the next start after a crash sees the old content or the new one, never a
/// torn mix: a temporary file beside it, flushed to disk, renamed over. The same semantics as the
/// service's JailMetrics.State.AtomicFile, repeated here because this library must stay standalone
/// (it does not reference Core), and a dozen lines are cheaper than a delegate every host must wire.
/// </summary>
internal static class AtomicFileWriter
{
    public static void WriteAllText(string path, string contents)
    {
        string directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        string temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
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
}
