using System.Text;

namespace JailMetrics.Testing.Sandboxing;

/// <summary>A mounted cgroup hierarchy a sandbox gets a cgroup in: a v1 hierarchy carrying one of the controllers the service reads, or the v2 hierarchy.</summary>
internal sealed record CgroupHierarchy(string MountPoint, bool IsV2)
{
    // The v1 controllers whose counters the service reads; others (cpuset, devices, freezer, name=systemd) are left alone.
    private static readonly HashSet<string> V1Controllers = new(StringComparer.Ordinal) { "memory", "cpu", "cpuacct", "pids", "blkio" };

    // The v2 controllers that provide the same counters.
    private static readonly string[] V2Controllers = ["memory", "cpu", "pids", "io"];

    /// <summary>
    /// The hierarchies mounted in this mount namespace. Works for the pure v2 layout (one cgroup2 mount
    /// at /sys/fs/cgroup), the hybrid one (v1 controllers plus cgroup2 at /sys/fs/cgroup/unified) and
    /// pure v1, wherever the mounts are and however controllers are co-mounted ("cpu,cpuacct").
    /// </summary>
    public static IReadOnlyList<CgroupHierarchy> Detect()
    {
        var hierarchies = new List<CgroupHierarchy>();
        var seenV1ControllerSets = new HashSet<string>(StringComparer.Ordinal);
        bool seenV2 = false;
        foreach (string line in File.ReadLines("/proc/self/mountinfo"))
        {
            // mountinfo: ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [OPTIONAL...] - FSTYPE SOURCE SUPEROPTIONS
            string[] fields = line.Split(' ');
            int separator = Array.IndexOf(fields, "-");
            if (separator < 0 || fields.Length < separator + 4) continue;
            string fileSystem = fields[separator + 1];
            string mountPoint = Unescape(fields[4]);

            if (fileSystem == "cgroup2" && !seenV2)
            {
                seenV2 = true;
                hierarchies.Add(new CgroupHierarchy(mountPoint, IsV2: true));
            }
            else if (fileSystem == "cgroup")
            {
                // A v1 hierarchy may be mounted more than once (bind mounts); its controller set identifies it.
                string[] controllers = fields[separator + 3].Split(',').Where(V1Controllers.Contains).Order(StringComparer.Ordinal).ToArray();
                if (controllers.Length > 0 && seenV1ControllerSets.Add(string.Join(',', controllers)))
                {
                    hierarchies.Add(new CgroupHierarchy(mountPoint, IsV2: false));
                }
            }
        }
        return hierarchies;
    }

    /// <summary>
    /// On v2, a child cgroup only gets the controllers its parent delegates in cgroup.subtree_control.
    /// Systemd delegates memory, cpu, pids and io at the root already; elsewhere this turns them on.
    /// Best effort: the write fails when the mount's root is a non-root cgroup holding processes
    /// (a container's cgroup namespace), and then the sandbox simply lacks those counters.
    /// </summary>
    public void DelegateControllersToChildren()
    {
        if (!IsV2) return;
        string[] available = ReadWords("cgroup.controllers");
        string[] delegated = ReadWords("cgroup.subtree_control");
        foreach (string controller in V2Controllers.Where(c => available.Contains(c) && !delegated.Contains(c)))
        {
            try
            {
                File.WriteAllText(Path.Combine(MountPoint, "cgroup.subtree_control"), "+" + controller);
            }
            catch (IOException)
            {
                // See the remarks above: nothing better to do than go without.
            }
        }
    }

    /// <summary>The directory of the top-level cgroup <paramref name="name"/> in this hierarchy.</summary>
    public string DirectoryOf(string name) => Path.Combine(MountPoint, name);

    private string[] ReadWords(string file)
    {
        string path = Path.Combine(MountPoint, file);
        return File.Exists(path) ? File.ReadAllText(path).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries) : [];
    }

    // mountinfo escapes space, tab, newline and backslash as \ooo octal.
    private static string Unescape(string field)
    {
        if (!field.Contains('\\')) return field;
        var text = new StringBuilder(field.Length);
        for (int i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && IsOctal(field, i + 1))
            {
                text.Append((char)Convert.ToInt32(field.Substring(i + 1, 3), 8));
                i += 3;
            }
            else
            {
                text.Append(field[i]);
            }
        }
        return text.ToString();
    }

    private static bool IsOctal(string text, int start) =>
        start + 3 <= text.Length && text.AsSpan(start, 3).IndexOfAnyExcept("01234567") < 0;
}
