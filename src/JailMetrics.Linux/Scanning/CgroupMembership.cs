namespace JailMetrics.Linux.Scanning;

/// <summary>
/// One distinct content of /proc/PID/cgroup, parsed. Processes share these (the scan interns them), so
/// a host with thousands of processes in a few hundred cgroups parses each file content once, and
/// the scanner keeps it from one scan to the next while a process still has that content.
/// Not thread-safe (its derived paths are made on first use): one sample at a time.
/// </summary>
internal sealed class CgroupMembership
{
    private readonly Dictionary<string, (string Path, string Mount)> _v1 = new(StringComparer.Ordinal);

    // Derived once: a membership lives as long as some process has this cgroup file (ProcScanner keeps it
    // between scans), and its paths are asked for by every collector in every sample (issue 8).
    // Slots by MemoSlot (the hierarchies the collectors read); made on first use, small on purpose (retained size).
    private string?[]? _containerPaths;
    private int _containerPathsKnown; // bit per slot
    private (string Root, string Path, string Directory)[]? _directories;
    private string? _namingPath, _jailName;

    private static int MemoSlot(string hierarchy) => hierarchy switch
    {
        CgroupLayout.V2 => 0,
        "cpuacct" => 1,
        "blkio" => 2,
        "memory" => 3,
        "pids" => 4,
        _ => -1,
    };

    private const int MemoSlots = 5;

    public CgroupMembership(string content)
    {
        Content = content;
        foreach (var raw in content.Split('\n'))
        {
            var line = raw.AsSpan().TrimEnd('\r');
            if (line.IsEmpty) continue;
            int c1 = line.IndexOf(':');
            if (c1 < 0) continue;
            int c2 = line[(c1 + 1)..].IndexOf(':');
            if (c2 < 0) continue;
            c2 += c1 + 1;
            var controllers = line[(c1 + 1)..c2];
            string path = line[(c2 + 1)..].ToString();
            if (controllers.IsEmpty)
            {
                if (line[..c1].SequenceEqual("0")) V2Path = path;
                continue;
            }
            string mount = controllers.ToString();
            foreach (var controller in mount.Split(','))
                _v1[controller] = (path, mount);
        }
    }

    /// <summary>The file content this was parsed from.</summary>
    public string Content { get; }

    /// <summary>The last scan that met this content (for <see cref="ProcScanner"/> to drop the ones no process has any more).</summary>
    internal long LastScan { get; set; }

    /// <summary>The path in the cgroup v2 hierarchy (the <c>0::</c> line), null when there is none.</summary>
    public string? V2Path { get; }

    /// <summary>The path of a cgroup v1 controller (<c>memory</c>, <c>name=systemd</c>), null when it is not mounted as v1.</summary>
    public string? V1Path(string controller) => _v1.TryGetValue(controller, out var v) ? v.Path : null;

    /// <summary>The comma-joined controller list of a v1 hierarchy (<c>cpu,cpuacct</c>), the usual name of its mount directory.</summary>
    public string? V1Mount(string controller) => _v1.TryGetValue(controller, out var v) ? v.Mount : null;

    /// <summary>The path in hierarchy <paramref name="hierarchy"/>: <see cref="CgroupLayout.V2"/> or a v1 controller name.</summary>
    public string? PathIn(string hierarchy) => hierarchy == CgroupLayout.V2 ? V2Path : V1Path(hierarchy);

    /// <summary>The container's cgroup in <paramref name="hierarchy"/> (<see cref="JailNamer.ContainerPath"/> of <see cref="PathIn"/>).</summary>
    public string? ContainerPathIn(string hierarchy)
    {
        int slot = MemoSlot(hierarchy);
        if (slot >= 0 && (_containerPathsKnown & (1 << slot)) != 0) return _containerPaths![slot];
        string? path = PathIn(hierarchy) is { } p ? JailNamer.ContainerPath(p) : null;
        if (slot < 0) return path;
        (_containerPaths ??= new string?[MemoSlots])[slot] = path;
        _containerPathsKnown |= 1 << slot;
        return path;
    }

    /// <summary>
    /// <paramref name="root"/> + <paramref name="path"/>, made once per hierarchy while root and path stay
    /// the same (see <see cref="CgroupLayout.Directory"/>).
    /// </summary>
    public string DirectoryIn(string hierarchy, string root, string path)
    {
        int slot = MemoSlot(hierarchy);
        if (slot < 0) return root + path;
        ref var known = ref (_directories ??= new (string, string, string)[MemoSlots])[slot];
        if (known.Directory is null || known.Root != root || known.Path != path) known = (root, path, root + path);
        return known.Directory;
    }

    /// <summary>
    /// The path a jail is named and identified by: the v2 path if it is not the root, else the memory,
    /// pids, cpu, cpuacct controller's path, whichever first is not the root; "/" when all are.
    /// </summary>
    public string NamingPath => _namingPath ??= FindNamingPath();

    /// <summary>The jail name <see cref="NamingPath"/> gives (<see cref="JailNamer.FromCgroupPath"/>), made once.</summary>
    public string JailName => _jailName ??= JailNamer.FromCgroupPath(NamingPath);

    private string FindNamingPath()
    {
        {
            if (V2Path is { } v2 && v2 != "/") return JailNamer.ContainerPath(v2);
            foreach (var c in NamingControllers)
                if (V1Path(c) is { } p && p != "/") return JailNamer.ContainerPath(p);
            return "/";
        }
    }

    private static readonly string[] NamingControllers = ["memory", "pids", "cpu", "cpuacct"];
}
