using JailMetrics.Snmp.Notifications;
using JailMetrics.Snmp.Protocol;
using JailMetrics.Snmp.Security;

namespace JailMetrics.Snmp.Tests.Notifications;

public sealed class NotificationConfigTests
{
    [Theory]
    [InlineData("nms.example", "nms.example", 162)]
    [InlineData("192.0.2.7", "192.0.2.7", 162)]
    [InlineData("192.0.2.7:1162", "192.0.2.7", 1162)]
    [InlineData("[2001:db8::1]:10162", "2001:db8::1", 10162)]
    [InlineData("[2001:db8::1]", "2001:db8::1", 162)]
    [InlineData("2001:db8::1", "2001:db8::1", 162)]
    public void Addresses_default_to_port_162(string text, string host, int port)
    {
        var address = NotificationAddress.Parse(text);
        Assert.Equal(host, address.Host);
        Assert.Equal(port, address.Port);
    }

    [Theory]
    [InlineData("")]
    [InlineData(":162")]
    [InlineData("host:0")]
    [InlineData("host:65536")]
    [InlineData("host:abc")]
    [InlineData("[2001:db8::1")]
    [InlineData("[192.0.2.1]:162")]
    public void Bad_addresses_are_refused(string text) => Assert.Throws<FormatException>(() => NotificationAddress.Parse(text));

    [Fact]
    public void Retries_wait_twice_as_long_each_time_up_to_a_minute()
    {
        var target = NotificationTarget.FromOptions(new NotificationTargetOptions { Address = "192.0.2.1", Community = "public", Timeout = TimeSpan.FromSeconds(1) });
        Assert.Equal([1, 2, 4, 8, 16, 32, 60, 60], Enumerable.Range(0, 8).Select(a => target.TimeoutForAttempt(a).TotalSeconds));
    }

    [Fact]
    public void Defaults_are_a_v2c_trap_with_one_second_and_three_retries()
    {
        var target = NotificationTarget.FromOptions(new NotificationTargetOptions { Address = "192.0.2.1", Community = "public" });
        Assert.Equal("192.0.2.1", target.Name);
        Assert.Equal(SnmpVersion.V2c, target.Version);
        Assert.False(target.Inform);
        Assert.Equal(TimeSpan.FromSeconds(1), target.Timeout);
        Assert.Equal(3, target.Retries);
    }

    [Fact]
    public void A_v3_target_sends_at_the_most_its_user_allows_unless_told_otherwise()
    {
        var target = NotificationTarget.FromOptions(new NotificationTargetOptions
        {
            Name = "nms", Address = "192.0.2.1", Version = "3",
            User = new UsmUserOptions { Name = "trapuser", AuthProtocol = "SHA-256", AuthPassword = "authpass123", PrivProtocol = "AES", PrivPassword = "privpass123" },
        });
        Assert.Equal(SnmpVersion.V3, target.Version);
        Assert.Equal(SecurityLevel.AuthPriv, target.SecurityLevel);
        Assert.Equal("trapuser", target.User!.Name);
    }

    public static TheoryData<NotificationTargetOptions, string> Invalid => new()
    {
        { new NotificationTargetOptions { Name = "a", Community = "public" }, "Address is required" },
        { new NotificationTargetOptions { Name = "a", Address = "192.0.2.1" }, "needs a Community" },
        { new NotificationTargetOptions { Name = "a", Address = "192.0.2.1", Version = "1", Community = "public" }, "is not 2c or 3" },
        { new NotificationTargetOptions { Name = "a", Address = "192.0.2.1", Version = "3" }, "needs a User" },
        { new NotificationTargetOptions { Name = "a", Address = "192.0.2.1", Version = "3", User = new UsmUserOptions { Name = "u", AuthProtocol = "SHA", AuthPassword = "short" } }, "shorter than 8" },
        { new NotificationTargetOptions { Name = "a", Address = "192.0.2.1", Community = "public", Timeout = TimeSpan.Zero }, "Timeout" },
        { new NotificationTargetOptions { Name = "a", Address = "192.0.2.1", Community = "public", Retries = -1 }, "Retries" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Configuration_errors_name_the_target_and_the_field(NotificationTargetOptions options, string expected)
    {
        var error = Assert.Throws<NotificationConfigurationException>(() => NotificationTarget.FromOptions(options));
        Assert.Contains("notification target 'a'", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_targets_with_one_name_are_refused()
    {
        var options = new NotificationOptions
        {
            Targets =
            [
                new NotificationTargetOptions { Name = "nms", Address = "192.0.2.1", Community = "public" },
                new NotificationTargetOptions { Name = "nms", Address = "192.0.2.2", Community = "public" },
            ],
        };
        Assert.Contains("defined twice", Assert.Throws<NotificationConfigurationException>(() => NotificationTarget.FromOptions(options)).Message, StringComparison.Ordinal);
    }
}
