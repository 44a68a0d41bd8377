using JailMetrics.Linux.Parsing;

namespace JailMetrics.Linux.Namespaces;

/// <summary>
/// Serves namespaces from a fixture directory instead of entering them:
/// <c>{root}/ipc/{inode}/{shm,sem,msg}</c> (the /proc/sysvipc files as seen inside) and
/// <c>{root}/uts/{inode}/hostname</c>. A namespace without a directory is treated as gone.
/// </summary>
public sealed class DirectoryNamespaceReader(string root) : INamespaceReader
{
    public IReadOnlyList<IpcUsage?> ReadIpc(IReadOnlyList<NamespaceTarget> targets, CancellationToken cancellationToken)
    {
        var results = new IpcUsage?[targets.Count];
        for (int i = 0; i < targets.Count; i++)
        {
            string dir = Path.Combine(root, "ipc", targets[i].Inode.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (!Directory.Exists(dir)) continue;
            results[i] = SysvIpcParser.Parse(
                File.ReadAllBytes(Path.Combine(dir, "shm")),
                File.ReadAllBytes(Path.Combine(dir, "sem")),
                File.ReadAllBytes(Path.Combine(dir, "msg")));
        }
        return results;
    }

    public IReadOnlyList<string?> ReadHostnames(IReadOnlyList<NamespaceTarget> targets, CancellationToken cancellationToken)
    {
        var results = new string?[targets.Count];
        for (int i = 0; i < targets.Count; i++)
        {
            string file = Path.Combine(root, "uts", targets[i].Inode.ToString(System.Globalization.CultureInfo.InvariantCulture), "hostname");
            if (File.Exists(file)) results[i] = File.ReadAllText(file).Trim();
        }
        return results;
    }
}
