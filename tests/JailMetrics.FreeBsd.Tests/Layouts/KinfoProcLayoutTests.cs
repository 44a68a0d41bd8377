using JailMetrics.FreeBsd.Layouts;
using JailMetrics.Testing.FreeBsd;

namespace JailMetrics.FreeBsd.Tests.Layouts;

/// <summary>struct kinfo_proc (sys/sys/user.h; KINFO_PROC_SIZE in sys/amd64/include/proc.h and sys/arm64/include/proc.h).</summary>
public sealed class KinfoProcLayoutTests
{
    [Theory]
    [InlineData("amd64")] // sys/amd64/include/proc.h: KINFO_PROC_SIZE 1088
    [InlineData("arm64")] // sys/arm64/include/proc.h: KINFO_PROC_SIZE 1088 — the same LP64 layout
    public void Reads_the_fields_at_the_header_offsets(string architecture)
    {
        Assert.NotEmpty(architecture);
        var buffer = KernelStructs.Concat(
            KernelStructs.KinfoProc(pid: 4242, jid: 7, rssPages: 1234, virtualBytes: 987_654_321, pctcpu: 3072,
                runtimeMicroseconds: 12_345_678, threads: 9, stat: 2),
            KernelStructs.KinfoProc(pid: 1, jid: 0));

        var processes = KinfoProcLayout.ReadAll(buffer);

        Assert.Equal(2, processes.Count);
        var p = processes[0];
        Assert.Equal(4242, p.Pid);
        Assert.Equal(7, p.Jid);
        Assert.Equal(1234, p.ResidentPages);
        Assert.Equal(987_654_321, p.VirtualSizeBytes);
        Assert.Equal(3072, p.PctCpu);  // 150 % of one core: 3072 / FSCALE (2048)
        Assert.Equal(12_345_678ul, p.RuntimeMicroseconds);
        Assert.Equal(9, p.Threads);
        Assert.Equal(2, p.State);      // SRUN
        Assert.Equal(0, processes[1].Jid);
    }

    [Theory]
    [InlineData(768)]   // the 32-bit compat size on amd64 (KINFO_PROC32_SIZE)
    [InlineData(816)]   // the arm64 compat size
    [InlineData(1096)]  // a future, larger struct
    public void Refuses_a_structsize_it_does_not_know(int structSize)
    {
        var buffer = KernelStructs.KinfoProc(pid: 1, jid: 0, structSize: structSize);
        var e = Assert.Throws<FormatException>(() => KinfoProcLayout.ReadAll(buffer));
        Assert.Contains(structSize.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_a_buffer_that_is_not_whole_records()
    {
        var buffer = KernelStructs.KinfoProc(pid: 1, jid: 0).Concat(new byte[8]).ToArray();
        Assert.Throws<FormatException>(() => KinfoProcLayout.ReadAll(buffer));
    }

    [Fact]
    public void The_offsets_are_the_headers()
    {
        // Running offsets from reference/kinfo_calc.py over sys/sys/user.h (FreeBSD 15 tree).
        Assert.Equal(72, KinfoProcLayout.Pid);
        Assert.Equal(256, KinfoProcLayout.VirtualSize);
        Assert.Equal(264, KinfoProcLayout.ResidentSize);
        Assert.Equal(308, KinfoProcLayout.PctCpu);
        Assert.Equal(328, KinfoProcLayout.Runtime);
        Assert.Equal(388, KinfoProcLayout.Stat);
        Assert.Equal(592, KinfoProcLayout.Jid);
        Assert.Equal(596, KinfoProcLayout.NumThreads);
        Assert.Equal(2048, KinfoProcLayout.FScale); // sys/sys/param.h FSHIFT 11
    }
}
