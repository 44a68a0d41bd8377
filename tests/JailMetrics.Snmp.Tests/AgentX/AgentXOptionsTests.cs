using System.Net;
using System.Net.Sockets;
using JailMetrics.Snmp.AgentX;

namespace JailMetrics.Snmp.Tests.AgentX;

public class AgentXOptionsTests
{
    [Theory]
    [InlineData("/var/agentx/master", "/var/agentx/master")]
    [InlineData("unix:/tmp/agentx.sock", "/tmp/agentx.sock")]
    public void Unix_socket_paths_are_understood(string text, string path)
    {
        var address = AgentXMasterAddress.Parse(text);

        Assert.True(address.IsUnix);
        Assert.Equal(path, ((UnixDomainSocketEndPoint)address.EndPoint).ToString());
    }

    [Theory]
    [InlineData("tcp:127.0.0.1:7705", "127.0.0.1", 7705)]
    [InlineData("tcp:127.0.0.1", "127.0.0.1", 705)]
    [InlineData("tcp:[::1]:7705", "::1", 7705)]
    [InlineData("tcp:[::1]", "::1", 705)]
    [InlineData("tcp:::1", "::1", 705)]
    public void Tcp_addresses_default_to_port_705(string text, string address, int port)
    {
        var endPoint = Assert.IsType<IPEndPoint>(AgentXMasterAddress.Parse(text).EndPoint);

        Assert.Equal(IPAddress.Parse(address), endPoint.Address);
        Assert.Equal(port, endPoint.Port);
    }

    [Fact]
    public void Tcp_host_names_are_resolved_when_connecting()
    {
        var endPoint = Assert.IsType<DnsEndPoint>(AgentXMasterAddress.Parse("tcp:localhost:705").EndPoint);

        Assert.Equal(("localhost", 705), (endPoint.Host, endPoint.Port));
    }

    [Theory]
    [InlineData("")]
    [InlineData("relative/path")]
    [InlineData("tcp:")]
    [InlineData("tcp:host:0")]
    [InlineData("tcp:host:70000")]
    [InlineData("tcp:host:port")]
    [InlineData("tcp:[::1")]
    [InlineData("tcp:[::1]x")]
    public void Nonsense_masters_are_rejected(string text)
    {
        Assert.Throws<FormatException>(() => AgentXMasterAddress.Parse(text));
    }

    [Fact]
    public void Settings_reject_options_a_session_cannot_run_with()
    {
        static AgentXOptions Valid() => new() { Subtrees = ["1.3.6.1.4.1.32473"] };

        Assert.Equal(5, AgentXSessionSettings.From(Valid()).TimeoutSeconds);
        Assert.Throws<ArgumentException>(() => AgentXSessionSettings.From(new AgentXOptions()));
        var badOid = Valid();
        badOid.Subtrees = ["1.3.x"];
        Assert.Throws<ArgumentException>(() => AgentXSessionSettings.From(badOid));
        var badMaster = Valid();
        badMaster.Master = "tcp:";
        Assert.Throws<ArgumentException>(() => AgentXSessionSettings.From(badMaster));
        var badTimeout = Valid();
        badTimeout.Timeout = TimeSpan.Zero;
        Assert.Throws<ArgumentException>(() => AgentXSessionSettings.From(badTimeout));
        var badBackoff = Valid();
        badBackoff.ReconnectMax = TimeSpan.FromMilliseconds(1);
        Assert.Throws<ArgumentException>(() => AgentXSessionSettings.From(badBackoff));
    }

    [Fact]
    public void Open_timeout_is_whole_seconds_between_1_and_255()
    {
        var options = new AgentXOptions { Subtrees = ["1.3.6.1.4.1.32473"], Timeout = TimeSpan.FromMilliseconds(300) };
        Assert.Equal(1, AgentXSessionSettings.From(options).TimeoutSeconds);
        options.Timeout = TimeSpan.FromHours(1);
        Assert.Equal(255, AgentXSessionSettings.From(options).TimeoutSeconds);
    }

    [Fact]
    public void Backoff_doubles_from_min_to_max_with_at_most_a_fifth_of_jitter_and_resets()
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10), new Random(1));
        double[] ceilings = [1, 2, 4, 8, 10, 10, 10];

        foreach (double ceiling in ceilings)
        {
            double wait = backoff.Next().TotalSeconds;
            Assert.InRange(wait, ceiling * 0.8, ceiling);
        }

        backoff.Reset();
        Assert.InRange(backoff.Next().TotalSeconds, 0.8, 1);
    }
}
