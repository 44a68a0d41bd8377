namespace JailMetrics.Service.Web.Security;

/// <summary>
/// What tells a changed file from an unchanged one without reading it: its modification time and
/// size. Cheap enough (one stat) to check on every TLS handshake or request.
/// </summary>
public readonly record struct FileStamp(DateTime LastWriteUtc, long Length)
{
    /// <summary>The file's stamp now; a missing file has a stamp of its own, so its return counts as a change.</summary>
    public static FileStamp Of(string path)
    {
        var info = new FileInfo(path);
        return info.Exists ? new FileStamp(info.LastWriteTimeUtc, info.Length) : default;
    }
}
