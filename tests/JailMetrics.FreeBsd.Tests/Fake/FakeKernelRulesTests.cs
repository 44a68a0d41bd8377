using System.Text;
using JailMetrics.FreeBsd.Native;
using JailMetrics.Testing.FreeBsd;

namespace JailMetrics.FreeBsd.Tests.Fake;

/// <summary>
/// The fake enforces what the kernel enforces; if it did not, code could pass here and fail on
/// FreeBSD. (jail_get: vfs_setopt* in sys/kern/vfs_mount.c; rctl: sys/kern/kern_rctl.c; sysctl: kern_sysctl.c.)
/// </summary>
public sealed class FakeKernelRulesTests
{
    private static FakeFreeBsdNative Kernel()
    {
        var kernel = new FakeFreeBsdNative();
        kernel.AddJail(2, "www").Set("path", "/jails/www").Set("ip4.addr", KernelStructs.Ip4("192.0.2.1"));
        return kernel;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(8)]
    public void Int_values_need_exactly_four_bytes(int size)
    {
        Assert.Equal(-1, Kernel().JailGet([Int("lastjid", 0), new JailParameter("securelevel", new byte[size])], 8, out int errno));
        Assert.Equal(Errno.EINVAL, errno);
    }

    [Fact]
    public void String_buffers_must_hold_the_value_and_its_NUL()
    {
        var kernel = Kernel();
        Assert.Equal(-1, kernel.JailGet([Int("lastjid", 0), new JailParameter("path", new byte[10])], 8, out int errno)); // "/jails/www" is 10 + NUL
        Assert.Equal(Errno.EINVAL, errno);
        var path = new JailParameter("path", new byte[11]);
        Assert.Equal(2, kernel.JailGet([Int("lastjid", 0), path], 8, out _));
        Assert.Equal("/jails/www\0", Encoding.ASCII.GetString(path.Buffer));
    }

    [Fact]
    public void Arrays_are_probed_with_an_empty_buffer_and_refused_when_short()
    {
        var kernel = Kernel();
        var probe = new JailParameter("ip4.addr", []);
        Assert.Equal(2, kernel.JailGet([Int("jid", 2), probe], 0, out _));
        Assert.Equal(4, probe.Length);
        Assert.Equal(-1, kernel.JailGet([Int("jid", 2), new JailParameter("ip4.addr", new byte[2])], 0, out int errno));
        Assert.Equal(Errno.EINVAL, errno);
        var read = new JailParameter("ip4.addr", new byte[16]);
        Assert.Equal(2, kernel.JailGet([Int("jid", 2), read], 0, out _));
        Assert.Equal(4, read.Length);
    }

    [Fact]
    public void Flags_other_than_JAIL_DYING_are_refused()
    {
        Assert.Equal(-1, Kernel().JailGet([Int("lastjid", 0)], 0x01, out int errno)); // JAIL_CREATE
        Assert.Equal(Errno.EINVAL, errno);
    }

    [Fact]
    public void The_end_of_the_list_says_so_in_errmsg()
    {
        var errmsg = new JailParameter("errmsg", new byte[64]);
        Assert.Equal(-1, Kernel().JailGet([Int("lastjid", 2), errmsg], 8, out int errno));
        Assert.Equal(Errno.ENOENT, errno);
        Assert.StartsWith("no jail after 2\0", Encoding.ASCII.GetString(errmsg.Buffer), StringComparison.Ordinal);
    }

    [Fact]
    public void Rctl_rules_are_keyed_replaced_and_removed_by_filter()
    {
        var kernel = new FakeFreeBsdNative();
        Assert.Equal(0, kernel.RctlAddRule("jail:www:memoryuse:deny=100", out _));
        Assert.Equal(0, kernel.RctlAddRule("jail:www:memoryuse:deny=200", out _)); // same key: replaces
        Assert.Equal(0, kernel.RctlAddRule("jail:www:maxproc:log=50", out _));
        Assert.Equal(0, kernel.RctlAddRule("jail:db:maxproc:deny=10/process", out _));
        Assert.Equal(["jail:www:memoryuse:deny=200", "jail:www:maxproc:log=50", "jail:db:maxproc:deny=10/process"], kernel.Rules);

        Assert.Equal(0, kernel.RctlRemoveRule("jail:www", out _));
        Assert.Equal(["jail:db:maxproc:deny=10/process"], kernel.Rules);
        Assert.Equal(-1, kernel.RctlRemoveRule("jail:www", out int errno));
        Assert.Equal(Errno.ESRCH, errno);
    }

    [Theory]
    [InlineData("jail:www:memoryuse:deny")]        // no amount
    [InlineData("jail::memoryuse:deny=1")]         // no id
    [InlineData("jail:www:bogus:deny=1")]          // unknown resource
    [InlineData("jail:www:memoryuse:deny=1g")]     // the kernel takes no suffixes (rctl(8) expands them)
    [InlineData("group:1:maxproc:deny=1")]         // not a kernel subject
    public void Malformed_rules_are_EINVAL(string rule)
    {
        Assert.Equal(-1, new FakeFreeBsdNative().RctlAddRule(rule, out int errno));
        Assert.Equal(Errno.EINVAL, errno);
    }

    [Theory]
    [InlineData("jail:www:cputime:deny=10")]        // cputime is not deniable
    [InlineData("jail:www:memoryuse:throttle=10")]  // throttle only on the I/O rates
    public void Disallowed_combinations_are_EOPNOTSUPP(string rule)
    {
        Assert.Equal(-1, new FakeFreeBsdNative().RctlAddRule(rule, out int errno));
        Assert.Equal(Errno.EOPNOTSUPP, errno);
    }

    [Fact]
    public void Rctl_answers_ERANGE_when_the_output_does_not_fit_with_its_NUL()
    {
        var kernel = new FakeFreeBsdNative();
        kernel.SetRacct("w", "cputime=1");
        Assert.Equal(-1, kernel.RctlGetRacct("jail:w", new byte[9], out int errno));
        Assert.Equal(Errno.ERANGE, errno);
        Assert.Equal(0, kernel.RctlGetRacct("jail:w", new byte[10], out _));
        Assert.Equal(-1, kernel.RctlGetRacct("jail:", new byte[100], out errno)); // racct needs subject and id
        Assert.Equal(Errno.EINVAL, errno);
    }

    [Fact]
    public void Sysctl_short_buffers_get_ENOMEM_and_unknown_names_ENOENT()
    {
        var kernel = new FakeFreeBsdNative();
        kernel.SetSysctl("kern.ipc.shmsegs", new byte[208]);
        Assert.Equal(-1, kernel.SysctlByName("kern.ipc.shmsegs", new byte[104], out nuint length, out int errno));
        Assert.Equal((Errno.ENOMEM, (nuint)104), (errno, length));
        Assert.Equal(-1, kernel.SysctlByName("kern.nothing", null, out _, out errno));
        Assert.Equal(Errno.ENOENT, errno);
    }

    private static JailParameter Int(string name, int value) => new(name, BitConverter.GetBytes(value));
}
