namespace JailMetrics.Linux.Scanning;

/// <summary>
/// Where the cgroup hierarchies are mounted under <c>{SysRoot}/fs/cgroup</c>: cgroup v2 at the root
/// (pure v2) or at <c>unified/</c> (hybrid), v1 controllers in directories named after their
/// controller list (<c>memory</c>, <c>cpu,cpuacct</c>) or a controller's own name (the usual symlinks).
/// </summary>
internal sealed class CgroupLayout
{
    /// <summary>The hierarchy key of cgroup v2 (v1 hierarchies are keyed by a controller name).</summary>
    public const string V2 = "";

    private readonly string _root;
    private readonly Dictionary<string, string?> _v1Dirs = new(StringComparer.Ordinal);

    private readonly Native.KeptFiles? _kept;

    /// <param name="sysRoot">Where sysfs is mounted.</param>
    /// <param name="kept">Where <see cref="Read"/> keeps its handles between samples; null reads each file with open/read/close.</param>
    public CgroupLayout(string sysRoot, Native.KeptFiles? kept = null)
    {
        _kept = kept;
        _root = Path.Combine(sysRoot, "fs", "cgroup");
        if (File.Exists(Path.Combine(_root, "cgroup.controllers"))) V2Root = _root;
        else if (File.Exists(Path.Combine(_root, "unified", "cgroup.controllers"))) V2Root = Path.Combine(_root, "unified");
    }

    /// <summary>The directory of the v2 hierarchy, null when there is none.</summary>
    public string? V2Root { get; }

    /// <summary>True when the whole of <c>{SysRoot}/fs/cgroup</c> is one cgroup2 mount.</summary>
    public bool PureV2 => V2Root == _root;

    /// <summary>The directory of the cgroup <paramref name="path"/> in <paramref name="hierarchy"/>; null when that hierarchy is not mounted.</summary>
    public string? Directory(CgroupMembership membership, string hierarchy, string path)
    {
        string? root;
        if (hierarchy == V2) root = V2Root;
        else
        {
            string mount = membership.V1Mount(hierarchy) ?? hierarchy;
            if (!_v1Dirs.TryGetValue(mount, out root))
            {
                root = System.IO.Directory.Exists(Path.Combine(_root, mount)) ? Path.Combine(_root, mount)
                    : System.IO.Directory.Exists(Path.Combine(_root, hierarchy)) ? Path.Combine(_root, hierarchy)
                    : null;
                _v1Dirs[mount] = root;
            }
        }
        if (root is null) return null;
        return path == "/" ? root : membership.DirectoryIn(hierarchy, root, path);
    }

    /// <summary>The directory of a v1 controller's root cgroup, null when it is not mounted as v1.</summary>
    public string? V1RootDirectory(string controller)
    {
        if (PureV2 || !System.IO.Directory.Exists(_root)) return null;
        string dir = Path.Combine(_root, controller);
        if (System.IO.Directory.Exists(dir)) return dir;
        foreach (var candidate in System.IO.Directory.EnumerateDirectories(_root))
            if (Array.IndexOf(Path.GetFileName(candidate).Split(','), controller) >= 0) return candidate;
        return null;
    }

    /// <summary>
    /// Reads a cgroup file of a sample through a kept handle (see <see cref="Native.KeptFiles"/>); null
    /// when it does not exist (the controller is not enabled there; not retried before the next full
    /// sample) or the cgroup is gone. Other errors throw.
    /// </summary>
    public string? Read(string directory, string file) =>
        TryRead(directory, file, out var content) ? System.Text.Encoding.UTF8.GetString(content) : null;

    /// <summary>
    /// <see cref="Read"/> as bytes, with no string made (issue 8): false where Read gives null.
    /// <paramref name="content"/> is valid until the next read of this layout.
    /// </summary>
    public bool TryRead(string directory, string file, out ReadOnlySpan<byte> content)
    {
        content = default;
        try
        {
            if (_kept is not null) return _kept.TryRead(directory, file, out content);
            if (Native.NativeFs.ReadAllTextOrNull(Path.Combine(directory, file)) is not { } text) return false;
            content = System.Text.Encoding.UTF8.GetBytes(text);
            return true;
        }
        catch (IOException e) when (IsGone(e, directory))
        {
            return false;
        }
    }

    /// <summary>Reads a cgroup file; null when it does not exist (the controller is not enabled there). Other errors throw.</summary>
    public static string? ReadFile(string directory, string file)
    {
        try
        {
            return Native.NativeFs.ReadAllTextOrNull(Path.Combine(directory, file));
        }
        catch (IOException e) when (IsGone(e, directory))
        {
            return null;
        }
    }

    // A cgroup removed while its file is being read answers ENODEV (kernfs deactivated the
    // node), not ENOENT: the jail is gone all the same, and must not fail the collector for
    // every other jail. (Found by the churn test: "No such device : '…/cpu.stat'".)
    private static bool IsGone(IOException e, string directory) => e.HResult == Enodev || !System.IO.Directory.Exists(directory);

    // errno ENODEV (asm-generic/errno-base.h); NativeFs's IOException carries the raw errno as HResult.
    private const int Enodev = 19;
}
