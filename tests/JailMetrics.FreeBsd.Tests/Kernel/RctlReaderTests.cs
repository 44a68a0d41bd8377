using JailMetrics.FreeBsd.Kernel;
using JailMetrics.FreeBsd.Native;
using JailMetrics.Testing.FreeBsd;

namespace JailMetrics.FreeBsd.Tests.Kernel;

/// <summary>rctl_get_racct / rctl_get_rules with the ERANGE retry (usr.bin/rctl/rctl.c grows ×4).</summary>
public sealed class RctlReaderTests
{
    [Fact]
    public void Grows_the_buffer_on_ERANGE_and_keeps_the_size_that_worked()
    {
        var kernel = new FakeFreeBsdNative();
        string longLine = string.Join(",", Enumerable.Range(0, 120).Select(i => $"key{i}=123456789")); // > 1 KiB
        kernel.SetRacct("big", longLine);
        var reader = new RctlReader(kernel);

        Assert.True(reader.TryGetRacct("jail:big", out string usage, out _));
        Assert.Equal(longLine, usage);
        Assert.True(reader.TryGetRacct("jail:big", out _, out _));

        Assert.Equal(
            ["rctl_get_racct(jail:big, 1024) -> errno 34", "rctl_get_racct(jail:big, 4096) -> ok", "rctl_get_racct(jail:big, 4096) -> ok"],
            kernel.Calls.Select(c => c.ToString()));
    }

    [Fact]
    public void ENOSYS_is_reported_not_retried()
    {
        var kernel = new FakeFreeBsdNative { RacctEnabled = false };
        Assert.False(new RctlReader(kernel).TryGetRacct("jail:web", out _, out int errno));
        Assert.Equal(Errno.ENOSYS, errno);
        Assert.Single(kernel.Calls);
    }

    [Fact]
    public void An_unknown_jail_name_answers_zeros_like_the_kernel()
    {
        var kernel = new FakeFreeBsdNative();
        Assert.True(new RctlReader(kernel).TryGetRacct("jail:typo", out string usage, out _));
        Assert.StartsWith("cputime=0,datasize=0,", usage, StringComparison.Ordinal);
    }

    [Fact]
    public void Reads_rules_by_filter()
    {
        var kernel = new FakeFreeBsdNative();
        Assert.Equal(0, kernel.RctlAddRule("jail:web:memoryuse:deny=1073741824", out _));
        Assert.Equal(0, kernel.RctlAddRule("user:80:maxproc:log=200/jail", out _));

        Assert.True(new RctlReader(kernel).TryGetRules("jail:", out string rules, out _));
        Assert.Equal("jail:web:memoryuse:deny=1073741824", rules);
    }
}
