namespace JailMetrics.Linux.Tests.Enforcement;

/// <summary>
/// A temporary sysfs root holding plain files laid out like a cgroup v2 or v1 mount, with one jail
/// cgroup <c>/jail1</c> whose knobs start unlimited, as the kernel creates them.
/// </summary>
internal sealed class FakeCgroupTree : IDisposable
{
    public const string Jail = "/jail1";

    private FakeCgroupTree(bool v2)
    {
        SysRoot = Path.Combine(Path.GetTempPath(), "jm-enf-" + Guid.NewGuid().ToString("N")[..8]);
        StateDirectory = Path.Combine(SysRoot, "state");
        CgroupRoot = Path.Combine(SysRoot, "fs", "cgroup");
        Directory.CreateDirectory(StateDirectory);
        if (v2)
        {
            Write("cgroup.controllers", "cpuset cpu io memory pids");
            Write("jail1/memory.max", "max");
            Write("jail1/memory.high", "max");
            Write("jail1/pids.max", "max");
            Write("jail1/cpu.max", "max 100000");
            Write("jail1/io.max", "");
        }
        else
        {
            Write("memory/jail1/memory.limit_in_bytes", "9223372036854771712");
            Write("pids/jail1/pids.max", "max");
            Write("cpu,cpuacct/jail1/cpu.cfs_quota_us", "-1");
            Write("cpu,cpuacct/jail1/cpu.cfs_period_us", "100000");
            Write("blkio/jail1/blkio.throttle.read_bps_device", "");
        }
    }

    public static FakeCgroupTree V2() => new(v2: true);

    public static FakeCgroupTree V1() => new(v2: false);

    public string SysRoot { get; }

    public string CgroupRoot { get; }

    public string StateDirectory { get; }

    /// <summary>Writes a file relative to the cgroup mount, with the trailing newline the kernel prints.</summary>
    public void Write(string relative, string content)
    {
        string path = Path.Combine(CgroupRoot, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content.Length == 0 ? "" : content + "\n");
    }

    public string Read(string relative) => File.ReadAllText(Path.Combine(CgroupRoot, relative)).Trim();

    public string PathOf(string relative) => Path.Combine(CgroupRoot, relative);

    public void Dispose()
    {
        try
        {
            Directory.Delete(SysRoot, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
