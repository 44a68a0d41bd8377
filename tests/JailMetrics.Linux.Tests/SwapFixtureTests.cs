using System.Text;
using JailMetrics.Linux.Native;
using JailMetrics.Linux.Scanning;
using JailMetrics.Model;

namespace JailMetrics.Linux.Tests;

/// <summary>
/// /proc/PID/status is read every sample only when the host may have swap (meminfo SwapTotal &gt; 0,
/// or no meminfo); with SwapTotal 0 it is read once per process, for NSpid, and swapuse is 0.
/// </summary>
public sealed class SwapFixtureTests
{
    private const double KiB = 1024;

    [Fact]
    public void With_swap_VmSwap_is_read_every_sample()
    {
        using var tree = FixtureTree.Copy("v2");
        File.WriteAllText(Path.Combine(tree.ProcRoot, "meminfo"), Meminfo(swapTotalKb: 2097148));
        using var source = tree.Source();
        Assert.Equal(100 * KiB, Jail(source.Sample(CancellationToken.None), "0123456789ab").Usage[Resource.SwapUse]);

        // The process swaps out more: rewritten in place, as procfs regenerates it.
        string status = Path.Combine(tree.ProcRoot, "200", "status");
        File.WriteAllText(status, File.ReadAllText(status).Replace("VmSwap:\t     100 kB", "VmSwap:\t     300 kB", StringComparison.Ordinal));

        Assert.Equal(300 * KiB, Jail(source.Sample(CancellationToken.None), "0123456789ab").Usage[Resource.SwapUse]);
    }

    [Fact]
    public void Without_swap_status_is_read_once_per_process_and_swapuse_is_0()
    {
        using var tree = FixtureTree.Copy("v2");
        File.WriteAllText(Path.Combine(tree.ProcRoot, "meminfo"), Meminfo(swapTotalKb: 0));
        using var source = tree.Source(maxKeptFiles: 0); // nothing kept open: every file read is a fresh open
        var first = source.Sample(CancellationToken.None);

        // Gone status files would drop every process from a scan that reads them.
        foreach (string pid in Directory.GetDirectories(tree.ProcRoot))
            File.Delete(Path.Combine(pid, "status")); // no error when it does not exist
        var second = source.Sample(CancellationToken.None);

        Assert.Equal(Describe(first), Describe(second));
        var a = Jail(second, "0123456789ab");
        Assert.Equal(2, a.Usage[Resource.MaxProc]);
        Assert.Equal(25000 * KiB, a.Usage[Resource.MemoryUse]); // stat's rss pages: what VmRSS said in the first
        Assert.Equal(0, a.Usage[Resource.SwapUse]);
        Assert.Equal(JailState.Dying, Jail(second, "dying").Info.State); // NSpid kept: its init is gone
        Assert.All(second.Jails.Where(j => j.Name != "dying"), j => Assert.Equal(JailState.Active, j.Info.State));
    }

    [Theory]
    [InlineData("MemTotal:       24684356 kB\nSwapTotal:             0 kB\nSwapFree:              0 kB\n", 0)]
    [InlineData("MemTotal:       24684356 kB\nSwapTotal:       2097148 kB\n", 2097148)]
    [InlineData("MemTotal:       24684356 kB\n", -1)]
    [InlineData("SwapTotal: lots\n", -1)]
    public void SwapTotal_is_parsed_from_meminfo(string meminfo, long expectedKb) =>
        Assert.Equal(expectedKb, ProcScanner.ParseSwapTotalKb(meminfo));

    [Theory]
    [InlineData(300)]
    [InlineData(3500)]
    [InlineData(10000)]
    public void A_read_that_stops_at_a_short_first_read_still_returns_the_whole_file(int length)
    {
        string path = Path.Combine(Path.GetTempPath(), $"jm-short-read-{Guid.NewGuid():N}");
        try
        {
            var content = new byte[length];
            for (int i = 0; i < length; i++) content[i] = (byte)('a' + i % 26);
            File.WriteAllBytes(path, content);
            var buffer = new byte[16384];
            int n = NativeFs.ReadFile(Encoding.UTF8.GetBytes(path + "\0"), buffer, maxRecordBytes: 512);
            Assert.Equal(length, n);
            Assert.Equal(content, buffer[..n]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static string Meminfo(long swapTotalKb) =>
        $"MemTotal:       24684356 kB\nMemFree:        23000000 kB\nSwapTotal:      {swapTotalKb,9} kB\nSwapFree:       {swapTotalKb,9} kB\n";

    private static JailSample Jail(Snapshot snapshot, string name) => snapshot.Find(name) ?? throw new Xunit.Sdk.XunitException($"no jail {name}");

    private static string[] Describe(Snapshot snapshot) =>
        [.. snapshot.Jails.Select(j => $"{j.Name} {j.Info.Id} {j.Info.ParentName} {j.Info.State} procs={j.Usage[Resource.MaxProc]} "
            + $"rss={j.Usage[Resource.MemoryUse]} swap={j.Usage[Resource.SwapUse]} nthr={j.Usage[Resource.NThr]}")];
}
