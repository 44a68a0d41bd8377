using System.Text;
using JailMetrics.Linux.Collectors;
using JailMetrics.Linux.Parsing;

namespace JailMetrics.Linux.Tests;

/// <summary>
/// The parsers that read cgroup and /proc/PID/net files from their bytes (issue 8: no string per line or
/// field) give what the string parsers they replaced gave: the same values for the kernel's layouts, the
/// same lines skipped, the same errors for a counter that is not a number.
/// </summary>
public sealed class ByteParserTests
{
    private static byte[] B(string s) => Encoding.UTF8.GetBytes(s);

    [Fact]
    public void Net_dev_skips_the_headers_and_keeps_names_and_the_eight_counters_used()
    {
        var text = B("""
            Inter-|   Receive                                                |  Transmit
             face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
                lo:     200       2    1    2    0     0          0         0      200       2    3    4    0     0       0          0
              eth0: 18446744073709551615 100 1 2 0 0 0 0 14000 140 3 4 0 0 0 0
            short: 1 2 3
            """);
        var names = new InterfaceNames();
        var list = NetParsers.ParseNetDev(text, names);
        Assert.Equal(["lo", "eth0"], list.Select(i => i.Name));
        Assert.Equal(new Model.InterfaceCounters("lo", 200, 2, 1, 2, 200, 2, 3, 4), list[0]);
        Assert.Equal(new Model.InterfaceCounters("eth0", ulong.MaxValue, 100, 1, 2, 14000, 140, 3, 4), list[1]);
        // The same name in the next sample is the same string, not a new one.
        Assert.Same(list[1].Name, NetParsers.ParseNetDev(text, names)[1].Name);
    }

    [Fact]
    public void Net_dev_of_a_namespace_without_interfaces_is_empty() =>
        Assert.Empty(NetParsers.ParseNetDev(B("Inter-|   Receive |  Transmit\n face |bytes packets|bytes\n"), new InterfaceNames()));

    [Theory]
    [InlineData("eth0: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 x\n")]
    [InlineData("eth0: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 -1\n")]
    [InlineData("eth0: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 +1\n")]
    public void Net_dev_counter_that_is_not_a_number_fails(string line) =>
        Assert.Throws<FormatException>(() => NetParsers.ParseNetDev(B(line), new InterfaceNames()));

    [Fact]
    public void Io_stat_sums_every_device()
    {
        var c = IoCollector.ParseIoStat(B("8:0 rbytes=1000 wbytes=2000 rios=10 wios=20 dbytes=0 dios=0\n253:1 rbytes=5 wbytes=6 rios=1 wios=2 dbytes=0 dios=0\n"));
        Assert.Equal(new IoCollector.IoCounters(1005, 2006, 11, 22), c);
    }

    [Fact]
    public void Io_stat_skips_fields_that_are_not_numbers_and_an_empty_file_is_zero()
    {
        Assert.Equal(new IoCollector.IoCounters(7, 0, 0, 3), IoCollector.ParseIoStat(B("8:0 rbytes=7 wbytes=x rios=-1  wios=3\n")));
        Assert.Equal(default, IoCollector.ParseIoStat([]));
    }

    [Fact]
    public void Blkio_sums_read_and_write_lines_of_three_fields_only()
    {
        var (read, write) = IoCollector.ParseBlkio(B("8:0 Read 100\n8:0 Write 200\n8:0 Sync 300\n8:16 Read 1\n8:16  Write  2\n8:0 Read 5 extra\n8:0 Read x\nTotal 303\n"));
        Assert.Equal(101, read);
        Assert.Equal(202, write);
    }

    [Fact]
    public void Flat_keyed_values()
    {
        var events = B("low 0\nhigh 0\nmax 17\noom 2\noom_kill 1\n");
        Assert.Equal(17UL, FlatKeyedFile.Value(events, "max"u8));
        Assert.Equal(1UL, FlatKeyedFile.Value(events, "oom_kill"u8));
        Assert.Null(FlatKeyedFile.Value(events, "oom_group_kill"u8));
        Assert.Null(FlatKeyedFile.Value(B("max x\n"), "max"u8));
        Assert.Equal(3UL, FlatKeyedFile.Value(B("oom_kill_disable 0\nunder_oom 0\noom_kill 3\n"), "oom_kill"u8));
    }

    [Theory]
    [InlineData("123456789\n", 123456789UL)]
    [InlineData("  42 \r\n", 42UL)]
    public void Single_numbers(string text, ulong value) => Assert.Equal(value, FlatKeyedFile.Single(B(text)));

    [Theory]
    [InlineData("")]
    [InlineData("-1\n")]
    [InlineData("12a\n")]
    [InlineData("99999999999999999999999\n")] // beyond ulong
    public void Single_that_is_not_a_number_fails(string text) => Assert.Throws<FormatException>(() => FlatKeyedFile.Single(B(text)));
}
