using JailMetrics.Service.Configuration;
using JailMetrics.Service.Hosting;
using JailMetrics.Service.Snmp;
using JailMetrics.Snmp.Agent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace JailMetrics.Tests.Snmp;

/// <summary>The SNMP settings: flags and file values reach the agent's options, lists replace the defaults, bad values stop startup by name.</summary>
public sealed class SnmpSettingsTests
{
    private static KeyValuePair<string, string?> Pair(string key, string? value) => new(key, value);

    private static SnmpAgentOptions Options(params KeyValuePair<string, string?>[] flags)
    {
        var configuration = ConfigurationLoader.Load(null, [], flags);
        var setup = new SnmpAgentOptionsSetup(configuration);
        var options = new SnmpAgentOptions();
        setup.Configure(options);
        return options;
    }

    [Fact]
    public void Defaults_are_the_agents_with_sysObjectID_under_the_mib_root()
    {
        var options = Options();

        Assert.True(options.Enabled);
        Assert.Equal(["127.0.0.1:1161"], options.ListenAddresses);
        var community = Assert.Single(options.Communities);
        Assert.Equal("public", community.Name);
        Assert.Equal(["127.0.0.0/8", "::1/128"], community.AllowedNetworks);
        Assert.Equal(JailMetricsMib.SysObjectId.ToString(), options.SysObjectId);
    }

    [Fact]
    public void Configured_lists_replace_the_defaults_instead_of_adding_to_them()
    {
        var options = Options(
            Pair("Snmp:ListenAddresses:0", "[::1]:161"),
            Pair("Snmp:ListenAddresses:1", "127.0.0.1:10161"),
            Pair("Snmp:Communities:0:Name", "ops"),
            Pair("Snmp:Communities:0:AllowedNetworks:0", "10.0.0.0/8"),
            Pair("Snmp:Communities:1:Name", "local"),
            Pair("Snmp:MaxMessageSize", "8192"),
            Pair("Snmp:SysLocation", "rack 4"));

        Assert.Equal(["[::1]:161", "127.0.0.1:10161"], options.ListenAddresses);
        Assert.Equal(["ops", "local"], options.Communities.Select(c => c.Name));
        Assert.Equal(["10.0.0.0/8"], options.Communities[0].AllowedNetworks);
        Assert.Equal(["127.0.0.0/8", "::1/128"], options.Communities[1].AllowedNetworks); // unset: the default
        Assert.Equal(8192, options.MaxMessageSize);
        Assert.Equal("rack 4", options.SysLocation);
    }

    [Fact]
    public void Bad_values_are_reported_by_setting_name()
    {
        var options = Options(
            Pair("Snmp:ListenAddresses:0", "localhost:161"),
            Pair("Snmp:ListenAddresses:1", "::1:161"),
            Pair("Snmp:MaxMessageSize", "100"),
            Pair("Snmp:Communities:0:Name", ""),
            Pair("Snmp:Communities:0:AllowedNetworks:0", "10.0.0.0/33"));

        var result = new SnmpAgentOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        string failures = string.Join('\n', result.Failures!);
        Assert.Contains("localhost:161", failures, StringComparison.Ordinal);
        Assert.Contains("'::1:161' must be IPv4:port or [IPv6]:port", failures, StringComparison.Ordinal);
        Assert.Contains($"{Settings.SnmpMaxMessageSize.DisplayName}: 100 is outside 484..65507", failures, StringComparison.Ordinal);
        Assert.Contains("Snmp:Communities:0:Name: must not be empty", failures, StringComparison.Ordinal);
        Assert.Contains("'10.0.0.0/33' is not a network", failures, StringComparison.Ordinal);
        Assert.Contains("--snmp.listen-address", failures, StringComparison.Ordinal);
    }

    [Fact]
    public void The_service_registers_the_binding_and_the_agent_only_when_snmp_is_enabled()
    {
        static IServiceCollection Services(params KeyValuePair<string, string?>[] flags) =>
            new ServiceCollection().AddJailMetrics(ConfigurationLoader.Load(null, [], flags));

        var on = Services();
        Assert.Contains(on, d => d.ServiceType == typeof(IMibViewProvider));
        Assert.Contains(on, d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(SnmpAgent));

        var off = Services(Pair(Settings.SnmpEnabled.Key, "false"));
        Assert.DoesNotContain(off, d => d.ServiceType == typeof(IMibViewProvider));
        Assert.DoesNotContain(off, d => d.ImplementationType == typeof(SnmpAgent));
    }
}
