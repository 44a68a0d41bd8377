using JailMetrics.FreeBsd.Kernel;
using JailMetrics.FreeBsd.Native;
using JailMetrics.Testing.FreeBsd;

namespace JailMetrics.FreeBsd.Tests.Kernel;

/// <summary>sysctl(3): size probe, read, ENOMEM retry; integers read by the returned length.</summary>
public sealed class SysctlReaderTests
{
    [Fact]
    public void Reads_a_table_by_MIB_and_trims_the_probes_slack()
    {
        var kernel = new FakeFreeBsdNative();
        var table = KernelStructs.Concat(KernelStructs.KinfoProc(1, 0), KernelStructs.KinfoProc(2, 0));
        kernel.SetSysctl([1, 14, 8], table, probeSlack: 5 * 1088);

        var read = new SysctlReader(kernel).Read([1, 14, 8]);

        Assert.Equal(table, read);
        Assert.Equal(["sysctl({1,14,8}, -1) -> ok", $"sysctl({{1,14,8}}, {7 * 1088 + 7 * 1088 / 8}) -> ok"], kernel.Calls.Select(c => c.ToString()));
    }

    [Fact]
    public void A_table_that_grows_past_the_buffer_is_read_again()
    {
        var kernel = new FakeFreeBsdNative();
        int reads = 0;
        // After the first probe, 20 processes are forked: the read finds the table bigger than the probe said.
        kernel.SetSysctl([1, 14, 8], () => new byte[1088 * (++reads == 1 ? 1 : 21)]);

        var read = new SysctlReader(kernel).Read([1, 14, 8]);

        Assert.Equal([0, Errno.ENOMEM, 0, 0], kernel.Calls.Select(c => c.Errno));
        Assert.Equal(21 * 1088, read.Length);
        Assert.False(kernel.Calls[^1].Failed);
    }

    [Fact]
    public void Integers_are_read_by_the_length_the_kernel_returns()
    {
        var kernel = new FakeFreeBsdNative();
        kernel.SetSysctlBool("kern.racct.enable", true);     // SYSCTL_BOOL, 1 byte (newer kernels)
        kernel.SetSysctlInt("kern.ipc.semmni", 50);          // int, 4 bytes
        kernel.SetSysctlULong("kern.ipc.shmall", 1L << 40);  // u_long, 8 bytes
        kernel.SetSysctlInt("kern.securelevel", -1);
        var reader = new SysctlReader(kernel);

        Assert.Equal(1, reader.TryReadInteger("kern.racct.enable"));
        Assert.Equal(50, reader.TryReadInteger("kern.ipc.semmni"));
        Assert.Equal(1L << 40, reader.TryReadInteger("kern.ipc.shmall"));
        Assert.Equal(-1, reader.TryReadInteger("kern.securelevel"));
        Assert.Null(reader.TryReadInteger("kern.racct.nonexistent"));
        Assert.All(kernel.Calls, c => Assert.Equal(8, c.BufferSize)); // one 8-byte buffer fits every width
    }

    [Fact]
    public void Old_kernels_4_byte_racct_enable_reads_the_same()
    {
        var kernel = new FakeFreeBsdNative();
        kernel.SetSysctlInt("kern.racct.enable", 0); // SYSCTL_UINT before the bool conversion
        Assert.Equal(0, new SysctlReader(kernel).TryReadInteger("kern.racct.enable"));
    }

    [Fact]
    public void Strings_lose_their_NUL_and_absent_names_are_null()
    {
        var kernel = new FakeFreeBsdNative();
        kernel.SetSysctl("kern.hostname", "bsd1.example\0"u8.ToArray());
        var reader = new SysctlReader(kernel);
        Assert.Equal("bsd1.example", reader.TryReadString("kern.hostname"));
        Assert.Null(reader.TryReadString("kern.nothing"));
        Assert.Throws<FreeBsdNativeException>(() => reader.Read([1, 99]));
    }
}
