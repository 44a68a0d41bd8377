using JailMetrics.Model;

namespace JailMetrics.Alerts;

/// <summary>
/// The names a threshold uses for host SysV IPC limits (<c>80%host.shmall</c>), and which jail
/// resource each one bounds. The names are the sysctls' last part, the same on FreeBSD (kern.ipc.*)
/// and Linux (kernel.*). Only pairs that count the same thing are allowed: a jail's shmsize against
/// shmall is a share of the host's pool, against semmni it would mean nothing.
/// </summary>
internal static class HostIpcLimitNames
{
    private static readonly Dictionary<string, HostIpcLimit> ByName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["shmmni"] = HostIpcLimit.ShmMni,
        ["shmall"] = HostIpcLimit.ShmAllBytes,
        ["shmmax"] = HostIpcLimit.ShmMaxBytes,
        ["semmni"] = HostIpcLimit.SemMni,
        ["semmns"] = HostIpcLimit.SemMns,
        ["semmsl"] = HostIpcLimit.SemMsl,
        ["semopm"] = HostIpcLimit.SemOpm,
        ["msgmni"] = HostIpcLimit.MsgMni,
        ["msgmax"] = HostIpcLimit.MsgMaxBytes,
        ["msgmnb"] = HostIpcLimit.MsgMnbBytes,
    };

    // RACCT counts semaphores (not sets) in nsem and bytes in shmsize/msgqsize; msgqqueued has no
    // modelled host limit (msgtql), and semmni/semmsl/msgmax bound sets or single objects, not a pool.
    private static readonly Dictionary<Resource, HostIpcLimit[]> Comparable = new()
    {
        [Resource.NShm] = [HostIpcLimit.ShmMni],
        [Resource.ShmSize] = [HostIpcLimit.ShmAllBytes, HostIpcLimit.ShmMaxBytes],
        [Resource.NSem] = [HostIpcLimit.SemMns],
        [Resource.NSemop] = [HostIpcLimit.SemOpm],
        [Resource.NMsgq] = [HostIpcLimit.MsgMni],
        [Resource.MsgqSize] = [HostIpcLimit.MsgMnbBytes],
    };

    public static bool TryParse(string name, out HostIpcLimit limit) => ByName.TryGetValue(name, out limit);

    public static string NameOf(HostIpcLimit limit) => ByName.First(pair => pair.Value == limit).Key;

    public static IEnumerable<string> AllNames => ByName.Keys;

    /// <summary>Null when <paramref name="limit"/> bounds <paramref name="resource"/>; otherwise why not, naming what would.</summary>
    public static string? WhyNotComparable(Resource resource, HostIpcLimit limit)
    {
        string resourceName = ResourceInfo.Of(resource).RctlName;
        if (!Comparable.TryGetValue(resource, out var limits))
            return $"{resourceName} is not bounded by a host IPC limit; host.* percentages apply to nshm, shmsize, nsem, nsemop, nmsgq and msgqsize";
        if (limits.Contains(limit)) return null;
        return $"host.{NameOf(limit)} does not bound {resourceName}; use " + string.Join(" or ", limits.Select(l => "host." + NameOf(l)));
    }
}
