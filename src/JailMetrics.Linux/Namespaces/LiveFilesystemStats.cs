using JailMetrics.Linux.Native;
using JailMetrics.Model;

namespace JailMetrics.Linux.Namespaces;

/// <summary>statfs(2) for real. Reported like df: size and free from the fragment size, available for unprivileged users.</summary>
public sealed class LiveFilesystemStats : IFilesystemStats
{
    public FilesystemUsage? StatFs(string path, string mountPoint)
    {
        int error = NativeFs.StatFs(path, out var fs);
        if (error is 2 or 3 or 13) return null; // ENOENT, ESRCH: the process is gone; EACCES: its root is not ours to see
        if (error != 0) throw new IOException($"statfs({path}) failed: errno {error}");
        return new FilesystemUsage(mountPoint, fs.Blocks * fs.BlockSize, fs.BlocksFree * fs.BlockSize,
            fs.BlocksAvailable * fs.BlockSize, fs.Files, fs.FilesFree);
    }
}
