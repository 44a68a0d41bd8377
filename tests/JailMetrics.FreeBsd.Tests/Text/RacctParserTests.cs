using JailMetrics.FreeBsd.Text;
using JailMetrics.Model;

namespace JailMetrics.FreeBsd.Tests.Text;

public sealed class RacctParserTests
{
    // rctl_get_racct("jail:NAME") on a current kernel: 25 keys in RACCT id order (reference freebsd.md §1.5).
    private const string JailRecord =
        "cputime=5231,datasize=47185920,stacksize=0,coredumpsize=0,memoryuse=1342177280,memorylocked=0,maxproc=14," +
        "openfiles=3584,vmemoryuse=5368709120,pseudoterminals=0,swapuse=0,nthr=14,msgqqueued=0,msgqsize=0,nmsgq=0," +
        "nsem=0,nsemop=0,nshm=1,shmsize=57344,wallclock=864213,pcpu=3,readbps=0,writebps=1253376,readiops=0,writeiops=98";

    // Kernels before 2016 end at pcpu (RACCT_MAX = RACCT_PCTCPU): 21 keys, no I/O rates.
    private const string Pre2016JailRecord =
        "cputime=12,datasize=1048576,stacksize=131072,coredumpsize=0,memoryuse=20971520,memorylocked=0,maxproc=3," +
        "openfiles=1024,vmemoryuse=104857600,pseudoterminals=1,swapuse=0,nthr=3,msgqqueued=0,msgqsize=0,nmsgq=0," +
        "nsem=0,nsemop=0,nshm=0,shmsize=0,wallclock=3600,pcpu=150";

    // rctl_get_racct("process:PID"): the 8 sloppy resources are left out (rctl_racct_to_sbuf with sloppy=0): 17 keys.
    private const string ProcessRecord =
        "cputime=2,datasize=8388608,stacksize=131072,coredumpsize=0,memoryuse=12582912,memorylocked=0,maxproc=1," +
        "openfiles=64,vmemoryuse=41943040,nthr=2,nsemop=0,wallclock=77,pcpu=0,readbps=0,writebps=4096,readiops=0,writeiops=1";

    [Fact]
    public void A_jail_record_maps_all_25_keys_to_resources_in_the_kernels_units()
    {
        var record = RacctParser.Parse(JailRecord);

        Assert.Equal(25, record.Known.Count);
        Assert.Empty(record.Unknown);
        Assert.Equal(5231, record.Known[Resource.CpuTime]);
        Assert.Equal(1342177280, record.Known[Resource.MemoryUse]);
        Assert.Equal(5368709120, record.Known[Resource.VMemoryUse]);
        Assert.Equal(14, record.Known[Resource.MaxProc]);
        Assert.Equal(57344, record.Known[Resource.ShmSize]);
        Assert.Equal(864213, record.Known[Resource.Wallclock]);
        Assert.Equal(3, record.Known[Resource.Pcpu]);
        Assert.Equal(1253376, record.Known[Resource.WriteBps]);
        Assert.Equal(98, record.Known[Resource.WriteIops]);
    }

    [Fact]
    public void A_pre_2016_record_has_no_io_rates_and_those_stay_absent_in_the_usage()
    {
        var record = RacctParser.Parse(Pre2016JailRecord);

        Assert.Equal(21, record.Known.Count);
        Assert.False(record.Known.ContainsKey(Resource.ReadBps));
        Assert.Equal(150, record.Known[Resource.Pcpu]);

        var builder = new ResourceUsage.Builder();
        record.CopyTo(builder);
        var usage = builder.Build();
        Assert.Equal(150, usage[Resource.Pcpu]);
        Assert.Null(usage[Resource.ReadBps]);
        Assert.Null(usage[Resource.WriteIops]);
    }

    [Fact]
    public void A_process_record_lacks_the_sloppy_resources()
    {
        var record = RacctParser.Parse(ProcessRecord);

        Assert.Equal(17, record.Known.Count);
        foreach (var sloppy in new[] { Resource.PseudoTerminals, Resource.SwapUse, Resource.MsgqQueued, Resource.MsgqSize,
                     Resource.NMsgq, Resource.NSem, Resource.NShm, Resource.ShmSize })
            Assert.False(record.Known.ContainsKey(sloppy), sloppy.ToString());
        Assert.Equal(12582912, record.Known[Resource.MemoryUse]);
    }

    [Fact]
    public void Keys_are_read_by_name_not_position()
    {
        var record = RacctParser.Parse("pcpu=7,cputime=9");

        Assert.Equal(7, record.Known[Resource.Pcpu]);
        Assert.Equal(9, record.Known[Resource.CpuTime]);
    }

    [Fact]
    public void An_unknown_key_from_a_newer_kernel_is_kept_aside_not_fatal()
    {
        var record = RacctParser.Parse(JailRecord + ",foo=1");

        Assert.Equal(25, record.Known.Count);
        Assert.Equal(1, record.Unknown["foo"]);
    }

    [Fact]
    public void Core_names_that_are_not_kernel_resources_are_not_mapped()
    {
        // io_read_bytes is a Core (Linux) counter, never a RACCT key.
        var record = RacctParser.Parse("io_read_bytes=5");

        Assert.Empty(record.Known);
        Assert.Equal(5, record.Unknown["io_read_bytes"]);
    }

    [Fact]
    public void The_empty_string_is_an_empty_record()
    {
        var record = RacctParser.Parse("");

        Assert.Empty(record.Known);
        Assert.Empty(record.Unknown);
    }

    [Fact]
    public void A_trailing_nul_or_newline_is_ignored()
    {
        Assert.Equal(3, RacctParser.Parse("maxproc=3\0").Known[Resource.MaxProc]);
        Assert.Equal(3, RacctParser.Parse("maxproc=3\n").Known[Resource.MaxProc]);
    }

    [Fact]
    public void A_negative_value_is_read_as_the_kernel_printed_it()
    {
        Assert.Equal(-4096, RacctParser.Parse("memoryuse=-4096").Known[Resource.MemoryUse]);
    }

    [Theory]
    [InlineData("cputime=1,maxproc", "'maxproc' has no '='")]
    [InlineData("cputime=1,maxproc=", "'' is not a 64-bit integer")]
    [InlineData("cputime=1,maxproc=12x", "'12x' is not a 64-bit integer")]
    [InlineData("cputime=1,=12", "'' is not a resource name")]
    [InlineData("cputime=1,,maxproc=2", "pair #2 '' has no '='")]
    [InlineData("cputime=1,cputime=2", "appears twice")]
    [InlineData("maxproc=+3", "'+3' is not a 64-bit integer")]
    [InlineData("maxproc=99999999999999999999", "is not a 64-bit integer")]
    public void A_malformed_pair_is_rejected_naming_the_pair(string text, string expected)
    {
        var error = Assert.Throws<FormatException>(() => RacctParser.Parse(text));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
