using JailMetrics.Model;
using JailMetrics.Testing;
using static JailMetrics.Linux.Tests.LiveSampling;

namespace JailMetrics.Linux.Tests;

/// <summary>
/// memoryuse and swapuse of a live sandbox over several samples from one source: the first reads
/// every process's status, the later ones read status again only when the host has swap (meminfo
/// SwapTotal &gt; 0); without swap they take rss from stat and the innermost pid from the first read.
/// </summary>
[Collection("live sandboxes")]
public sealed class LiveMemoryTests
{
    [Fact]
    public void Memory_and_swap_stay_right_in_the_samples_after_the_first()
    {
        Prerequisites.RequireRoot();
        using var source = new LinuxJailSource(new LinuxSourceOptions());
        using var sandbox = Sandbox.Start(new SandboxOptions { Processes = 3, Network = false, RssBytes = 24L << 20 });
        _ = Sample(source); // first sight of every process

        for (int i = 0; i < 2; i++)
        {
            sandbox.GrowMemory(8L << 20); // the later samples must follow a change, not repeat the first
            long before = LiveProc.SumRssBytes(sandbox.Pids);
            var jail = Find(Sample(source), sandbox.Name);
            long after = LiveProc.SumRssBytes(sandbox.Pids);

            // The kernel's own VmSwap sum (0 on a host without swap, the case that skips status).
            Assert.Equal(sandbox.Pids.Sum(p => LiveProc.StatusKb(p, "VmSwap")) * 1024, jail.Usage[Resource.SwapUse]);
            // The workload is idle but for the growth: a few pages of drift around the before/after range.
            Assert.InRange(jail.Usage[Resource.MemoryUse]!.Value, Math.Min(before, after) - (1 << 20), Math.Max(before, after) + (1 << 20));
            Assert.True(jail.Usage[Resource.MemoryUse] >= (24L << 20) + (i + 1) * (8L << 20), "memoryuse did not follow the growth");
            Assert.Equal(JailState.Active, jail.Info.State); // its init is still pid 1 inside: NSpid carried
            Assert.Equal(3, jail.Usage[Resource.MaxProc]);
        }
    }
}
