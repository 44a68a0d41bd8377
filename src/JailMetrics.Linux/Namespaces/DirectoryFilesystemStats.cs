using System.Globalization;
using JailMetrics.Model;

namespace JailMetrics.Linux.Namespaces;

/// <summary>
/// Recorded statfs figures for fixture trees: the file <c>{root}/statfs</c> holds lines
/// <c>PATH-SUFFIX BLOCKSIZE BLOCKS BFREE BAVAIL FILES FFREE</c>, matched against the end of the
/// path asked for (<c>12/root</c> matches <c>{ProcRoot}/12/root</c>).
/// </summary>
public sealed class DirectoryFilesystemStats(string root) : IFilesystemStats
{
    public FilesystemUsage? StatFs(string path, string mountPoint)
    {
        string file = Path.Combine(root, "statfs");
        if (!File.Exists(file)) return null;
        foreach (var line in File.ReadLines(file))
        {
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length != 7 || !path.EndsWith("/" + f[0], StringComparison.Ordinal)) continue;
            ulong bs = ulong.Parse(f[1], CultureInfo.InvariantCulture);
            return new FilesystemUsage(mountPoint,
                bs * ulong.Parse(f[2], CultureInfo.InvariantCulture),
                bs * ulong.Parse(f[3], CultureInfo.InvariantCulture),
                bs * ulong.Parse(f[4], CultureInfo.InvariantCulture),
                ulong.Parse(f[5], CultureInfo.InvariantCulture),
                ulong.Parse(f[6], CultureInfo.InvariantCulture));
        }
        return null;
    }
}
