using System.Net;
using JailMetrics.Service.Web;

namespace JailMetrics.Tests.Configuration;

public sealed class ListenAddressTests
{
    [Theory]
    [InlineData("127.0.0.1:9452", "127.0.0.1", 9452)]
    [InlineData("[::1]:9452", "::1", 9452)]
    [InlineData("0.0.0.0:80", "0.0.0.0", 80)]
    public void Parses_ip_and_port(string text, string ip, int port)
    {
        Assert.True(ListenAddress.TryParse(text, out var address, out _));
        Assert.Equal(IPAddress.Parse(ip), address!.Address);
        Assert.Equal(port, address.Port);
    }

    [Fact]
    public void A_bare_port_means_every_address() =>
        Assert.True(ListenAddress.TryParse(":9452", out var address, out _) && address!.Address is null && !address.Localhost);

    [Fact]
    public void Localhost_means_both_loopbacks() =>
        Assert.True(ListenAddress.TryParse("localhost:9452", out var address, out _) && address!.Localhost);

    [Theory]
    [InlineData("", "empty")]
    [InlineData("127.0.0.1", "no port")]
    [InlineData("127.0.0.1:0", "port")]
    [InlineData("127.0.0.1:70000", "port")]
    [InlineData("::1:9452", "brackets")]
    [InlineData("example.org:9452", "not an IP address")]
    public void Rejects_bad_addresses_saying_why(string text, string reason)
    {
        Assert.False(ListenAddress.TryParse(text, out _, out string? error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }
}
