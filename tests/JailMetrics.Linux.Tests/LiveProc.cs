using System.Diagnostics;
using System.Globalization;

namespace JailMetrics.Linux.Tests;

/// <summary>Independent reads of /proc and /sys for the live tests (deliberately not the source's code).</summary>
internal static class LiveProc
{
    public static long StatusKb(int pid, string field) =>
        File.ReadLines($"/proc/{pid}/status").Where(l => l.StartsWith(field + ":", StringComparison.Ordinal))
            .Select(l => long.Parse(l.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture))
            .DefaultIfEmpty(0).Single();

    public static long SumRssBytes(IEnumerable<int> pids) => pids.Sum(p => StatusKb(p, "VmRSS")) * 1024;

    public static long SumThreads(IEnumerable<int> pids) => pids.Sum(p => StatusKb(p, "Threads"));

    public static long SumOpenFiles(IEnumerable<int> pids) => pids.Sum(p => (long)Directory.GetFileSystemEntries($"/proc/{p}/fd").Length);

    public static long PidNamespace(int pid) =>
        long.Parse(new FileInfo($"/proc/{pid}/ns/pid").LinkTarget!.Split('[', ']')[1], CultureInfo.InvariantCulture);

    public static int PPid(int pid) =>
        int.Parse(File.ReadAllText($"/proc/{pid}/stat").Split(')')[^1].Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);

    public static IEnumerable<int> AllPids() =>
        Directory.EnumerateDirectories("/proc").Select(Path.GetFileName).Where(n => n!.All(char.IsAsciiDigit)).Select(n => int.Parse(n!, CultureInfo.InvariantCulture));

    /// <summary>The receive bytes and packets of <paramref name="iface"/> in /proc/PID/net/dev.</summary>
    public static (ulong Bytes, ulong Packets) NetDevReceive(int pid, string iface)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/net/dev"))
        {
            int colon = line.IndexOf(':');
            if (colon < 0 || line[..colon].Trim() != iface) continue;
            var f = line[(colon + 1)..].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            return (ulong.Parse(f[0], CultureInfo.InvariantCulture), ulong.Parse(f[1], CultureInfo.InvariantCulture));
        }
        throw new InvalidOperationException($"{iface} not in /proc/{pid}/net/dev");
    }

    /// <summary>The cgroup's CPU time in seconds: v2 cpu.stat usage_usec if the v2 cgroup exists, else v1 cpuacct.usage.</summary>
    public static double CgroupCpuSeconds(string cgroupPath)
    {
        foreach (var v2 in new[] { "/sys/fs/cgroup", "/sys/fs/cgroup/unified" })
        {
            string stat = v2 + cgroupPath + "/cpu.stat";
            if (File.Exists(v2 + "/cgroup.controllers") && File.Exists(stat))
                return File.ReadLines(stat).Where(l => l.StartsWith("usage_usec ", StringComparison.Ordinal))
                    .Select(l => double.Parse(l[11..], CultureInfo.InvariantCulture) / 1e6).Single();
        }
        return double.Parse(File.ReadAllText($"/sys/fs/cgroup/cpuacct{cgroupPath}/cpuacct.usage"), CultureInfo.InvariantCulture) / 1e9;
    }

    /// <summary>statfs through stat(1): fundamental block size, blocks, free, available, files, free files.</summary>
    public static ulong[] StatFs(string path)
    {
        var psi = new ProcessStartInfo("stat", ["-f", "-c", "%S %b %f %a %c %d", path]) { RedirectStandardOutput = true };
        using var p = Process.Start(psi)!;
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.Equal(0, p.ExitCode);
        return [.. output.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Select(s => ulong.Parse(s, CultureInfo.InvariantCulture))];
    }
}
