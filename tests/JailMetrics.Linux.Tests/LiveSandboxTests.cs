using System.Diagnostics;
using JailMetrics.Model;
using JailMetrics.Testing;
using static JailMetrics.Linux.Tests.LiveSampling;

namespace JailMetrics.Linux.Tests;

/// <summary>
/// The real source against real sandboxes (unshare + cgroups + veth + a workload). These need root and
/// util-linux/iproute2/gcc; a missing prerequisite fails them (Prerequisites / Sandbox.Start), never skips.
/// </summary>
[Collection("live sandboxes")]
public sealed class LiveSandboxTests
{
    private static readonly SandboxOptions Options = With(4, network: true);

    private static SandboxOptions With(int processes, bool network) => new()
    {
        Processes = processes,
        ExtraOpenFiles = 7,
        RssBytes = 48L << 20,
        ShmBytes = 3L << 20,
        Network = network,
    };

    [Fact]
    public void A_sandbox_is_a_jail_with_its_real_figures()
    {
        Prerequisites.RequireRoot();
        using var source = new LinuxJailSource(new LinuxSourceOptions());
        using var sandbox = Sandbox.Start(Options);

        long rssBefore = LiveProc.SumRssBytes(sandbox.Pids);
        long filesBefore = LiveProc.SumOpenFiles(sandbox.Pids);
        var snapshot = Sample(source);
        long rssAfter = LiveProc.SumRssBytes(sandbox.Pids);
        long filesAfter = LiveProc.SumOpenFiles(sandbox.Pids);
        double cgroupCpu = LiveProc.CgroupCpuSeconds(sandbox.CgroupPath);

        var jail = Find(snapshot, sandbox.Name);
        var info = jail.Info;
        Assert.Equal(sandbox.PidNamespaceInode, info.Id);
        Assert.Null(info.ParentName);
        Assert.Equal(JailState.Active, info.State);
        Assert.True(info.Vnet);
        Assert.Equal(sandbox.Name, info.Hostname);
        Assert.Equal(sandbox.CgroupPath, info.Parameters["cgroup"]);
        Assert.Contains(sandbox.JailAddress!.ToString(), info.IPv4Addresses);

        Assert.Equal(Options.Processes, jail.Usage[Resource.MaxProc]);
        Assert.Equal(sandbox.Pids.Count, jail.Usage[Resource.MaxProc]);
        Assert.Equal(LiveProc.SumThreads(sandbox.Pids), jail.Usage[Resource.NThr]);

        // memoryuse: the workload is idle once ready, so its RSS only drifts by a few pages (stack,
        // libc touching a page); 1 MiB around the before/after range absorbs that, and is still far
        // below the 48 MiB the init holds, so a wrong sum (missing or doubled process) fails.
        double rss = jail.Usage[Resource.MemoryUse]!.Value;
        Assert.InRange(rss, Math.Min(rssBefore, rssAfter) - (1 << 20), Math.Max(rssBefore, rssAfter) + (1 << 20));
        Assert.True(rss >= Options.RssBytes, $"memoryuse {rss} below the {Options.RssBytes} the init holds resident");

        // openfiles: the workload opens its fds before it reports ready and then holds them: exact.
        Assert.Equal(filesBefore, filesAfter);
        Assert.Equal(filesBefore, jail.Usage[Resource.OpenFiles]);

        // Its own IPC namespace holds exactly the workload's one segment.
        Assert.Equal(1, jail.Usage[Resource.NShm]);
        Assert.Equal(Options.ShmBytes, jail.Usage[Resource.ShmSize]);
        Assert.Equal(0, jail.Usage[Resource.NSem]);
        Assert.Equal(0, jail.Usage[Resource.NMsgq]);

        // cputime comes from the jail's own cgroup (µs), read again after the sample: never more.
        double cpu = jail.Usage[Resource.CpuTime]!.Value;
        Assert.True(cpu > 0, "cputime is 0");
        Assert.True(cpu <= cgroupCpu, $"cputime {cpu} > cgroup {cgroupCpu} read after it");
        Assert.True(jail.Usage[Resource.Wallclock] >= 0);

        // The root filesystem: statfs of /proc/INIT/root. Size and inode count are fixed; free space
        // and free inodes move with whatever else writes to that filesystem meanwhile (builds, logs):
        // 256 MiB and 10000 inodes.
        var fs = jail.Filesystem ?? throw new Xunit.Sdk.XunitException("no filesystem");
        var st = LiveProc.StatFs($"/proc/{sandbox.InitPid}/root/");
        Assert.Equal(st[0] * st[1], fs.SizeBytes);
        Assert.Equal(st[4], fs.Files);
        Assert.InRange((double)fs.FreeBytes, (double)(st[0] * st[2]) - (256 << 20), (double)(st[0] * st[2]) + (256 << 20));
        Assert.InRange((double)fs.FilesFree, st[5] - 10000.0, st[5] + 10000.0);

        // The host counts every process, the sandbox's included.
        var host = Find(snapshot, JailInfo.HostName);
        Assert.True(host.Usage[Resource.MaxProc] >= Options.Processes + 1);
        Assert.True(snapshot.HostIpcLimits.ContainsKey(HostIpcLimit.ShmMni));
    }

    [Fact]
    public void Interface_counters_follow_traffic_into_the_jail()
    {
        Prerequisites.RequireRoot();
        using var source = new LinuxJailSource(new LinuxSourceOptions());
        using var sandbox = Sandbox.Start(With(1, network: true));
        string iface = sandbox.JailInterface!;

        var before = Find(Sample(source), sandbox.Name).Interfaces.Single(i => i.Name == iface);
        sandbox.SendUdp(100, 200);
        var snapshot = Sample(source);
        var kernel = LiveProc.NetDevReceive(sandbox.InitPid, iface);
        var after = Find(snapshot, sandbox.Name).Interfaces.Single(i => i.Name == iface);

        Assert.Contains(Find(snapshot, sandbox.Name).Interfaces, i => i.Name == "lo");
        // The pair carries nothing but these datagrams (static neighbours, no IPv6): exact.
        Assert.Equal(kernel.Bytes, after.ReceiveBytes);
        Assert.Equal(kernel.Packets, after.ReceivePackets);
        Assert.Equal(100UL, after.ReceivePackets - before.ReceivePackets);
        // 200 bytes of payload + 8 UDP + 20 IPv4 + 14 Ethernet per datagram.
        Assert.Equal(100UL * (200 + 8 + 20 + 14), after.ReceiveBytes - before.ReceiveBytes);
    }

    [Fact]
    public void A_disposed_sandbox_is_gone_from_the_next_sample()
    {
        Prerequisites.RequireRoot();
        using var source = new LinuxJailSource(new LinuxSourceOptions());
        var sandbox = Sandbox.Start(With(2, network: false));
        try
        {
            Assert.NotNull(Sample(source).Find(sandbox.Name));
        }
        finally
        {
            sandbox.Dispose();
        }
        var after = Sample(source);
        Assert.Null(after.Find(sandbox.Name));
        Assert.DoesNotContain(after.Jails, j => j.Info.Id == sandbox.PidNamespaceInode);
    }

    [Fact]
    public void A_namespace_inside_a_sandbox_is_its_child_jail()
    {
        Prerequisites.RequireRoot();
        string nsenter = Prerequisites.RequireCommand("nsenter");
        string unshare = Prerequisites.RequireCommand("unshare");
        using var source = new LinuxJailSource(new LinuxSourceOptions());
        using var sandbox = Sandbox.Start(With(2, network: false));

        // Into the sandbox's cgroups first (as a container runtime would), then its PID and mount
        // namespaces, then a new PID namespace of its own running sleep as pid 1.
        string script =
            $"for f in /sys/fs/cgroup/*{sandbox.CgroupPath}/cgroup.procs; do echo $$ > \"$f\"; done; " +
            $"exec {nsenter} -t {sandbox.InitPid} -p -m {unshare} --pid --fork --mount-proc sleep 300";
        using var nested = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", script]))!;
        try
        {
            int innerInit = WaitFor(() => LiveProc.AllPids().FirstOrDefault(p => IsInnerInit(p, sandbox)), "the nested namespace's init");
            long innerNs = LiveProc.PidNamespace(innerInit);

            var snapshot = Sample(source);
            var outer = Find(snapshot, sandbox.Name);
            var child = snapshot.Jails.SingleOrDefault(j => j.Info.Id == innerNs)
                ?? throw new Xunit.Sdk.XunitException($"no jail for the nested namespace {innerNs}");

            Assert.Equal(sandbox.Name, child.Info.ParentName);
            Assert.Equal($"pidns-{innerNs}", child.Name); // same cgroup and UTS namespace as its parent
            Assert.Equal(JailState.Active, child.Info.State);
            Assert.Equal(1, child.Usage[Resource.MaxProc]);
            // The outer jail counts its own namespace's processes (the workload and the unshare) and the child's.
            Assert.Equal(sandbox.Pids.Count + 1, outer.Usage[Resource.MaxProc]);
            Assert.Equal(2 + 1, sandbox.Pids.Count); // the workload's two processes and the unshare
            Assert.True(outer.Usage[Resource.MemoryUse] > child.Usage[Resource.MemoryUse]);
        }
        finally
        {
            try { nested.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            nested.WaitForExit(10_000);
        }
    }

    private static bool IsInnerInit(int pid, Sandbox sandbox)
    {
        try
        {
            return LiveProc.PidNamespace(pid) != sandbox.PidNamespaceInode
                && LiveProc.PidNamespace(LiveProc.PPid(pid)) == sandbox.PidNamespaceInode;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NullReferenceException or FormatException or IndexOutOfRangeException)
        {
            return false;
        }
    }

    private static int WaitFor(Func<int> probe, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(15))
        {
            int found = probe();
            if (found != 0) return found;
            Thread.Sleep(50);
        }
        throw new TimeoutException($"{what} did not appear within 15 s");
    }
}
