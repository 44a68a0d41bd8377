using JailMetrics.Linux.Collectors;
using JailMetrics.Linux.Scanning;

namespace JailMetrics.Linux.Tests;

public sealed class ParserTests
{
    [Theory]
    [InlineData("/system.slice/docker-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef.scope", "0123456789ab")]
    [InlineData("/machine.slice/libpod-fedcba9876543210fedcba9876543210.scope/container", "fedcba987654")]
    [InlineData("/machine.slice/machine-web\\x2d1.scope", "web-1")]
    [InlineData("/machine.slice/machine-web\\x2d1.scope/init.scope", "web-1")]
    [InlineData("/lxc.payload.db/init.scope", "db")]
    [InlineData("/docker/0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "0123456789ab")]
    [InlineData("/jails/build", "build")]
    public void Names_from_cgroup_paths(string path, string name) => Assert.Equal(name, JailNamer.FromCgroupPath(path));

    [Fact]
    public void Stat_with_spaces_and_parentheses_in_the_command()
    {
        var r = new ProcessRecord();
        var line = "42 (a b) c)) R 7 42 42 34817 -1 0 0 0 0 0 150 50 0 0 20 0 3 0 12345 1048576 10 0"u8;
        Assert.True(ProcScanner.ParseStat(line, ref r));
        Assert.Equal((byte)'R', r.State);
        Assert.Equal(7, r.PPid);
        Assert.Equal(34817, r.TtyNr);
        Assert.Equal(200UL, r.CpuTicks);
        Assert.Equal(3, r.Threads);
        Assert.Equal(12345UL, r.StartTicks);
        Assert.Equal(1048576UL, r.VSizeBytes);
        Assert.Equal(10UL * (ulong)Environment.SystemPageSize, r.RssBytes); // field 24: pages
    }

    [Theory]
    [InlineData(34816, true)]   // 136:0
    [InlineData(36863, true)]   // 143:255
    [InlineData(1025, false)]   // 4:1, a virtual console
    [InlineData(0, false)]
    public void Unix98_ptys(int ttyNr, bool pty) => Assert.Equal(pty, FilesCollector.IsUnix98Pty(ttyNr));

    [Fact]
    public void Sysvipc_segments_count_in_whole_pages_as_racct_counts_them()
    {
        const string header = "       key      shmid perms                  size  cpid  lpid nattch   uid   gid  cuid  cgid      atime      dtime      ctime                   rss                  swap\n";
        var shm = System.Text.Encoding.ASCII.GetBytes(header
            + "         0          0 600                  5000     1     1      1     0     0     0     0          0          0          0                  4096                     0\n"
            + "         0          1 600                     1     1     1      1     0     0     0     0          0          0          0                  4096                     0\n"
            + "         0          2 600                  8192     1     1      1     0     0     0     0          0          0          0                  4096                     0\n");
        var usage = Parsing.SysvIpcParser.Parse(shm, "       key      semid perms      nsems\n"u8, "       key      msqid perms      cbytes       qnum\n"u8);
        long page = Environment.SystemPageSize;
        Assert.Equal(3, usage.SharedMemorySegments);
        Assert.Equal((5000 + page - 1) / page * page + page + (8192 + page - 1) / page * page, usage.SharedMemoryBytes);
    }
}
