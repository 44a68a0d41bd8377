using JailMetrics.Linux.Scanning;

namespace JailMetrics.Linux.Enforcement;

/// <summary>
/// Finds which hierarchy holds a controller: cgroup v2 when its root lists the controller in
/// <c>cgroup.controllers</c>, otherwise the v1 hierarchy mounted for it. On a hybrid host (v2 at
/// <c>unified/</c> holding few or no controllers) most limits therefore land in v1 — where the
/// kernel actually enforces them.
/// </summary>
public sealed class CgroupHierarchies
{
    private readonly CgroupLayout _layout;

    /// <param name="sysRoot">The sysfs root, normally <c>/sys</c>; a temporary tree in tests.</param>
    public CgroupHierarchies(string sysRoot) => _layout = new CgroupLayout(sysRoot);

    /// <summary>The root directory of the hierarchy holding <paramref name="controller"/> and whether it is v2; null when none does.</summary>
    public (string Root, bool V2)? Find(string controller)
    {
        if (_layout.V2Root is { } v2 &&
            (CgroupLayout.ReadFile(v2, "cgroup.controllers") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Contains(controller))
            return (v2, true);
        string v1Name = controller == "io" ? "blkio" : controller;
        return _layout.V1RootDirectory(v1Name) is { } v1 ? (v1, false) : null;
    }

    /// <summary>The directory of cgroup <paramref name="cgroupPath"/> (as /proc/PID/cgroup shows it) under <paramref name="root"/>.</summary>
    public static string Directory(string root, string cgroupPath) =>
        cgroupPath is "" or "/" ? root : Path.Combine(root, cgroupPath.TrimStart('/'));
}
