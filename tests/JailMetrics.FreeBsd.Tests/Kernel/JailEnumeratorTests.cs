using System.Net;
using JailMetrics.FreeBsd.Kernel;
using JailMetrics.FreeBsd.Native;
using JailMetrics.Testing.FreeBsd;

namespace JailMetrics.FreeBsd.Tests.Kernel;

/// <summary>jail_get(2) enumeration (jail.2; usr.sbin/jls/jls.c; reference/freebsd.md §2.1) against the rule-enforcing fake.</summary>
public sealed class JailEnumeratorTests
{
    private static FakeFreeBsdNative Kernel()
    {
        var kernel = new FakeFreeBsdNative();
        kernel.AddJail(1, "a").Set("path", "/j/a").Set("ip4.addr", KernelStructs.Ip4("192.0.2.1", "192.0.2.2"));
        kernel.AddJail(3, "a.b", parent: 1).Set("path", "/j/a/b").Set("ip6.addr", IPAddress.Parse("2001:db8::3").GetAddressBytes());
        kernel.AddJail(5, "gone", dying: true).Set("path", "/j/gone");
        kernel.AddJail(7, "").Set("path", "/j/7"); // created without a name
        return kernel;
    }

    [Fact]
    public void Walks_lastjid_until_ENOENT_including_dying_jails()
    {
        var kernel = Kernel();

        var jails = new JailEnumerator(kernel).Enumerate(CancellationToken.None);

        Assert.Equal([1, 3, 5, 7], jails.Select(j => j.Jid));
        Assert.Equal(["a", "a.b", "gone", "7"], jails.Select(j => j.Name)); // the unnamed jail is named by its JID
        Assert.Equal([false, false, true, false], jails.Select(j => j.Dying));
        Assert.Equal([0, 1, 0, 0], jails.Select(j => j.ParentJid));

        var walk = kernel.Calls.Where(c => c.Argument.StartsWith("lastjid,", StringComparison.Ordinal)).ToList();
        Assert.Equal(5, walk.Count);                        // four jails, then the end
        Assert.All(walk, c => Assert.EndsWith("flags=8", c.Argument, StringComparison.Ordinal)); // JAIL_DYING
        Assert.Equal(Errno.ENOENT, walk[^1].Errno);
        Assert.All(walk.Take(4), c => Assert.False(c.Failed));
    }

    [Fact]
    public void Without_JAIL_DYING_the_fake_hides_dying_jails_like_the_kernel()
    {
        var kernel = Kernel();
        var lastjid = Int("lastjid", 3);
        var jid = Int("jid", 0);
        Assert.Equal(7, kernel.JailGet([lastjid, jid], 0, out _));
        Assert.Equal(-1, kernel.JailGet([Int("jid", 5), new JailParameter("errmsg", new byte[64])], 0, out int errno));
        Assert.Equal(Errno.ENOENT, errno);
    }

    [Fact]
    public void Reads_address_arrays_with_a_second_call_sized_by_the_probe()
    {
        var kernel = Kernel();

        var jails = new JailEnumerator(kernel).Enumerate(CancellationToken.None);

        Assert.Equal(["192.0.2.1", "192.0.2.2"], jails[0].IPv4.Select(a => a.ToString()));
        Assert.Equal(["2001:db8::3"], jails[1].IPv6.Select(a => a.ToString()));
        Assert.Empty(jails[2].IPv4);
        var fetches = kernel.Calls.Where(c => c.Argument.StartsWith("jid,ip4.addr", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, fetches.Count); // only the jails that have addresses
    }

    [Fact]
    public void An_address_added_between_probe_and_read_is_probed_again()
    {
        var kernel = Kernel();
        var jail = kernel.AddJail(9, "grow").Set("path", "/j/g").Set("ip4.addr", KernelStructs.Ip4("192.0.2.9"));
        bool grown = false;
        kernel.BeforeJailGet = parameters =>
        {
            if (!grown && parameters[0].Name == "jid" && parameters.Any(p => p.Name == "ip4.addr" && p.Buffer.Length == 4))
            {
                jail.Set("ip4.addr", KernelStructs.Ip4("192.0.2.9", "192.0.2.10"));
                grown = true;
            }
        };

        var record = new JailEnumerator(kernel).Enumerate(CancellationToken.None).Single(j => j.Jid == 9);

        Assert.Equal(["192.0.2.9", "192.0.2.10"], record.IPv4.Select(a => a.ToString()));
        Assert.Contains(kernel.Calls, c => c.Function == "jail_get" && c.Errno == Errno.EINVAL);
    }

    [Fact]
    public void Reads_typed_parameters()
    {
        var kernel = new FakeFreeBsdNative();
        kernel.AddJail(4, "www").Set("path", "/j/www").Set("host.hostname", "www.example").Set("vnet", 1)
            .Set("osrelease", "14.1-RELEASE-p5").Set("osreldate", 1401000).Set("securelevel", 3).Set("cpuset.id", 6)
            .Set("enforce_statfs", 1).Set("sysvshm", 1).Set("sysvsem", 2).Set("sysvmsg", 0).Set("persist", 1).Set("children.max", 2);

        var record = Assert.Single(new JailEnumerator(kernel).Enumerate(CancellationToken.None));

        Assert.Equal("www.example", record.Hostname);
        Assert.True(record.Vnet);
        Assert.Equal("14.1-RELEASE-p5", record.String("osrelease"));
        Assert.Equal(1401000, record.Int("osreldate"));
        Assert.Equal(3, record.Int("securelevel"));
        Assert.Equal(6, record.Int("cpuset.id"));
        Assert.Equal(1, record.Int("enforce_statfs"));
        Assert.Equal((1, 2, 0), (record.Int("sysvshm"), record.Int("sysvsem"), record.Int("sysvmsg")));
        Assert.Equal(1, record.Int("persist"));
        Assert.Equal(2, record.Int("children.max"));
        Assert.Equal(0, record.Int("children.cur"));
    }

    [Fact]
    public void A_parameter_this_kernel_lacks_is_dropped_and_the_call_repeated()
    {
        var kernel = Kernel();
        kernel.UnknownJailParameters.Add("vnet"); // a kernel without options VIMAGE
        var enumerator = new JailEnumerator(kernel);

        var jails = enumerator.Enumerate(CancellationToken.None);

        Assert.Equal(4, jails.Count);
        Assert.All(jails, j => Assert.Null(j.Int("vnet")));
        Assert.Equal(["vnet"], enumerator.Unsupported);
        // One refused call (the first), after which vnet is no longer asked for.
        Assert.Equal(Errno.ENOENT, kernel.Calls[0].Errno);
        Assert.Contains(",vnet,", kernel.Calls[0].Argument, StringComparison.Ordinal);
        Assert.All(kernel.Calls.Skip(1), c => Assert.DoesNotContain(",vnet,", c.Argument, StringComparison.Ordinal));
    }

    [Fact]
    public void A_required_parameter_missing_fails_with_the_kernels_errmsg()
    {
        var kernel = Kernel();
        kernel.UnknownJailParameters.Add("path");

        var e = Assert.Throws<FreeBsdNativeException>(() => new JailEnumerator(kernel).Enumerate(CancellationToken.None));

        Assert.Contains("unknown parameter: path", e.Message, StringComparison.Ordinal);
        Assert.Equal(Errno.ENOENT, e.Errno);
    }

    [Fact]
    public void No_jails_is_an_empty_list()
    {
        var kernel = new FakeFreeBsdNative();
        Assert.Empty(new JailEnumerator(kernel).Enumerate(CancellationToken.None));
        Assert.Equal(Errno.ENOENT, Assert.Single(kernel.Calls).Errno);
    }

    [Fact]
    public void Exists_checks_jid_and_name()
    {
        var kernel = Kernel();
        var enumerator = new JailEnumerator(kernel);
        Assert.True(enumerator.Exists(3, "a.b"));
        Assert.True(enumerator.Exists(5, "gone"));  // dying still exists
        Assert.False(enumerator.Exists(3, "other")); // JID reused by another jail
        Assert.False(enumerator.Exists(11, "a"));
    }

    private static JailParameter Int(string name, int value) => new(name, BitConverter.GetBytes(value));
}
