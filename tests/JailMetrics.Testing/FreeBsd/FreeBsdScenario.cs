using JailMetrics.FreeBsd.Native;
using JailMetrics.Model;

namespace JailMetrics.Testing.FreeBsd;

/// <summary>
/// A FreeBSD 14 host with three jails, for tests of the whole source and of what the views make of it:
/// <list type="bullet">
/// <item>JID 1 <c>web</c>: VNET (epair0b inside, epair0a on the host), 192.0.2.10, persist, sysvshm=new;</item>
/// <item>JID 2 <c>web.php</c>: a child of web, sharing the host's stack, 192.0.2.11;</item>
/// <item>JID 5 <c>old</c>: dying, its path already gone, RACCT all zeros.</item>
/// </list>
/// Numbers are illustrative (reference/freebsd.md marks its samples so) but shaped exactly as the kernel
/// answers: the racct lines carry all 25 keys plus one a newer kernel might add, web's figures include
/// web.php's (RACCT is hierarchical), and kern.proc.proc holds one 1088-byte record per process.
/// </summary>
public static class FreeBsdScenario
{
    public const long PageSize = 4096;

    public const string WebRacct =
        "cputime=5231,datasize=47185920,stacksize=0,coredumpsize=0,memoryuse=1342177280,memorylocked=0,maxproc=14," +
        "openfiles=3584,vmemoryuse=5368709120,pseudoterminals=0,swapuse=0,nthr=22,msgqqueued=0,msgqsize=0,nmsgq=0," +
        "nsem=0,nsemop=0,nshm=1,shmsize=57344,wallclock=864213,pcpu=3,readbps=0,writebps=1253376,readiops=0,writeiops=98,futurekey=7";

    public const string PhpRacct =
        "cputime=1200,datasize=1048576,stacksize=0,coredumpsize=0,memoryuse=268435456,memorylocked=0,maxproc=4," +
        "openfiles=1024,vmemoryuse=1073741824,pseudoterminals=0,swapuse=0,nthr=8,msgqqueued=0,msgqsize=0,nmsgq=0," +
        "nsem=0,nsemop=0,nshm=1,shmsize=57344,wallclock=400000,pcpu=1,readbps=0,writebps=0,readiops=0,writeiops=0";

    public static readonly string[] Rules =
    [
        "jail:web:memoryuse:deny=2147483648",
        "jail:web:pcpu:devctl=80",
        "jail:web.php:maxproc:deny=50",
        "user:80:maxproc:log=200/jail",
    ];

    /// <summary>The kernel, with RACCT on or, for <paramref name="racct"/> false, compiled in but disabled (kern.racct.enable=0, every rctl call ENOSYS).</summary>
    public static FakeFreeBsdNative Create(bool racct = true)
    {
        var kernel = new FakeFreeBsdNative();
        AddJails(kernel);
        AddSysctls(kernel, racct);
        AddSysvIpc(kernel);
        AddNetwork(kernel);
        AddFilesystems(kernel);

        kernel.SetRacct("web", WebRacct);
        kernel.SetRacct("web.php", PhpRacct);
        foreach (var rule in Rules)
            if (kernel.RctlAddRule(rule, out int errno) != 0) throw new InvalidOperationException($"{rule}: errno {errno}");
        kernel.RacctEnabled = racct;
        kernel.ClearCalls();
        return kernel;
    }

    /// <summary>The jail's own view of its interfaces, as jexec netstat would give it for web (JID 1).</summary>
    public static FakeJailNetstat Netstat()
    {
        var netstat = new FakeJailNetstat();
        netstat.Set(1, [new InterfaceCounters("epair0b", 3000, 20, 0, 0, 1500, 10, 0, 0), new InterfaceCounters("lo0", 640, 8, 0, 0, 640, 8, 0, 0)]);
        return netstat;
    }

    private static void AddJails(FakeFreeBsdNative kernel)
    {
        kernel.AddJail(1, "web")
            .Set("path", "/jails/web").Set("host.hostname", "web.example.net").Set("vnet", 1)
            .Set("osrelease", "14.2-RELEASE").Set("osreldate", 1402000).Set("securelevel", 2).Set("cpuset.id", 3)
            .Set("enforce_statfs", 2).Set("children.max", 10).Set("persist", 1)
            .Set("sysvshm", 1).Set("sysvsem", 1).Set("sysvmsg", 0)
            .Set("ip4.addr", KernelStructs.Ip4("192.0.2.10"));
        kernel.AddJail(2, "web.php", parent: 1)
            .Set("path", "/jails/web/jails/php").Set("host.hostname", "php.example.net").Set("vnet", 2)
            .Set("osrelease", "14.2-RELEASE").Set("osreldate", 1402000).Set("securelevel", -1).Set("cpuset.id", 4)
            .Set("enforce_statfs", 2).Set("sysvshm", 2).Set("sysvsem", 2).Set("sysvmsg", 2)
            .Set("ip4.addr", KernelStructs.Ip4("192.0.2.11"))
            .Set("ip6.addr", System.Net.IPAddress.Parse("2001:db8::11").GetAddressBytes());
        kernel.AddJail(5, "old", dying: true).Set("path", "/jails/old").Set("host.hostname", "old.example.net").Set("vnet", 2);
    }

    private static void AddSysctls(FakeFreeBsdNative kernel, bool racct)
    {
        kernel.SetSysctl("kern.hostname", "bsdhost\0"u8.ToArray());
        kernel.SetSysctl("kern.osrelease", "14.2-RELEASE\0"u8.ToArray());
        kernel.SetSysctlInt("kern.osreldate", 1402000);
        kernel.SetSysctlInt("security.jail.jailed", 0);
        kernel.SetSysctlInt("hw.pagesize", (int)PageSize);
        kernel.SetSysctlBool("kern.racct.enable", racct);

        // kern.proc.proc: the size probe over-estimates by 5 records, as sysctl_kern_proc does.
        kernel.SetSysctl([1, 14, 8], KernelStructs.Concat(
            KernelStructs.KinfoProc(pid: 0, jid: 0, threads: 120, runtimeMicroseconds: 9_000_000, command: "kernel"),
            KernelStructs.KinfoProc(pid: 1, jid: 0, rssPages: 300, virtualBytes: 12_000_000, runtimeMicroseconds: 500_000, command: "init"),
            KernelStructs.KinfoProc(pid: 100, jid: 1, rssPages: 1000, virtualBytes: 100_000_000, pctcpu: 1024, runtimeMicroseconds: 2_000_000, threads: 2, command: "nginx"),
            KernelStructs.KinfoProc(pid: 101, jid: 2, rssPages: 500, virtualBytes: 50_000_000, pctcpu: 512, runtimeMicroseconds: 1_500_000, threads: 4, command: "php-fpm"),
            KernelStructs.KinfoProc(pid: 102, jid: 2, rssPages: 250, virtualBytes: 50_000_000, runtimeMicroseconds: 250_000, threads: 1, command: "php-fpm")),
            probeSlack: 5 * KernelStructs.KinfoProcSize);

        // Host IPC limits with their C types: u_long for the shm ones, int for sem and msg (reference §4.4).
        kernel.SetSysctlULong("kern.ipc.shmmni", 192);
        kernel.SetSysctlULong("kern.ipc.shmall", 131072);
        kernel.SetSysctlULong("kern.ipc.shmmax", 536870912);
        kernel.SetSysctlInt("kern.ipc.semmni", 50);
        kernel.SetSysctlInt("kern.ipc.semmns", 340);
        kernel.SetSysctlInt("kern.ipc.semmsl", 340);
        kernel.SetSysctlInt("kern.ipc.semopm", 100);
        kernel.SetSysctlInt("kern.ipc.msgmni", 40);
        kernel.SetSysctlInt("kern.ipc.msgmax", 16384);
        kernel.SetSysctlInt("kern.ipc.msgmnb", 2048);
    }

    private static void AddSysvIpc(FakeFreeBsdNative kernel)
    {
        kernel.SetSysctl("kern.ipc.shmsegs", KernelStructs.Concat(
            KernelStructs.ShmSlot(allocated: true, size: 57344, creatorPid: 101, lastPid: 101),  // php's, key masked to 0 from the host
            KernelStructs.ShmSlot(allocated: false),
            KernelStructs.ShmSlot(allocated: true, size: 4096, creatorPid: 9999, key: 0x1234), // its creator is gone
            KernelStructs.ShmSlot(allocated: false)));
        kernel.SetSysctl("kern.ipc.sema", KernelStructs.Concat(
            KernelStructs.SemSlot(allocated: true, semaphores: 3), KernelStructs.SemSlot(allocated: false)));
        kernel.SetSysctl("kern.ipc.msqids", KernelStructs.Concat(
            KernelStructs.MsgSlot(allocated: true, bytes: 100, messages: 2), KernelStructs.MsgSlot(allocated: false)));
    }

    private static void AddNetwork(FakeFreeBsdNative kernel)
    {
        kernel.LinkInterfaces.Add(new LinkInterfaceData("em0", 1, KernelStructs.IfData(ipackets: 1000, ibytes: 900_000, opackets: 800, obytes: 120_000, ierrors: 1)));
        kernel.LinkInterfaces.Add(new LinkInterfaceData("lo0", 2, KernelStructs.IfData(ipackets: 50, ibytes: 5000, opackets: 50, obytes: 5000)));
        // The host end of web's epair: what it received came out of the jail, what it sent went in.
        kernel.LinkInterfaces.Add(new LinkInterfaceData("epair0a", 3, KernelStructs.IfData(ipackets: 10, ibytes: 1500, opackets: 20, obytes: 3000, oqdrops: 1)));
    }

    private static void AddFilesystems(FakeFreeBsdNative kernel)
    {
        kernel.SetStatfs("/", KernelStructs.Statfs("/", 4096, blocks: 25_000_000, freeBlocks: 20_000_000, availableBlocks: 20_000_000, files: 40_000_000, freeFiles: 39_000_000));
        kernel.SetStatfs("/jails/web", KernelStructs.Statfs("/jails/web", 4096, blocks: 2_500_000, freeBlocks: 2_000_000, availableBlocks: 2_000_000, files: 4_000_000, freeFiles: 3_900_000));
        kernel.SetStatfs("/jails/web/jails/php", KernelStructs.Statfs("/jails/web/jails/php", 4096, blocks: 1_000_000, freeBlocks: 900_000, availableBlocks: 900_000, files: 1_000_000, freeFiles: 990_000));
    }
}
