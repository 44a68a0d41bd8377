using JailMetrics.Model;

namespace JailMetrics.Linux.Namespaces;

/// <summary>statfs(2) of a jail's root directory (<c>{ProcRoot}/PID/root</c>); a fixture implementation serves recorded figures.</summary>
public interface IFilesystemStats
{
    /// <summary>The filesystem under <paramref name="path"/>, reported as mounted at <paramref name="mountPoint"/>; null when the path is gone.</summary>
    FilesystemUsage? StatFs(string path, string mountPoint);
}
