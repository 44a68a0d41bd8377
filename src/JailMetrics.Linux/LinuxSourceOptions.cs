namespace JailMetrics.Linux;

/// <summary>Settings of the Linux source (config section <c>Linux</c>).</summary>
public sealed class LinuxSourceOptions
{
    public const string Section = "Linux";

    /// <summary>Where procfs is mounted; a fixture tree in tests.</summary>
    public string ProcRoot { get; set; } = "/proc";

    /// <summary>Where sysfs is mounted; cgroups are read under <c>{SysRoot}/fs/cgroup</c>.</summary>
    public string SysRoot { get; set; } = "/sys";

    /// <summary>
    /// At most this many kernel files (cgroup files, /proc/PID/stat and status) are kept open between
    /// samples and re-read with pread; beyond it files are opened and closed each sample. Unset (the
    /// default): half the soft RLIMIT_NOFILE. 0 keeps none: each kept file costs the kernel its
    /// seq_file buffer (about a page) for as long as it is open, ~24 MiB at 1000 jails.
    /// </summary>
    public int? MaxKeptFiles { get; set; }

    /// <summary>
    /// Names to give jails instead of the one derived from their cgroup: key is a cgroup path
    /// (<c>/machine.slice/machine-web.scope</c>) or a PID namespace (<c>pidns:4026532281</c>).
    /// </summary>
    public Dictionary<string, string> Names { get; set; } = new(StringComparer.Ordinal);
}
