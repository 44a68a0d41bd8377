using JailMetrics.Snmp.Agent;
using JailMetrics.Snmp.Mib;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace JailMetrics.Snmp.Tests.Support;

/// <summary>A real <see cref="SnmpAgent"/> on ephemeral loopback ports (IPv4 and IPv6), serving a fixed view.</summary>
internal sealed class RunningAgent : IAsyncDisposable
{
    private RunningAgent(SnmpAgent agent, MibView view)
    {
        Agent = agent;
        View = view;
    }

    public SnmpAgent Agent { get; }

    public MibView View { get; }

    /// <summary>net-snmp's transport address for the IPv4 socket.</summary>
    public string Target => $"udp:127.0.0.1:{Agent.BoundEndpoints[0].Port}";

    /// <summary>net-snmp's transport address for the IPv6 socket.</summary>
    public string Target6 => $"udp6:[::1]:{Agent.BoundEndpoints[1].Port}";

    public static async Task<RunningAgent> StartAsync(MibView view, Action<SnmpAgentOptions>? configure = null)
    {
        var options = new SnmpAgentOptions { ListenAddresses = ["127.0.0.1:0", "[::1]:0"], SysName = "interop-test" };
        configure?.Invoke(options);
        var agent = new SnmpAgent(Options.Create(options), new FixedView(view), NullLogger<SnmpAgent>.Instance);
        await agent.StartAsync(CancellationToken.None);
        return new RunningAgent(agent, view);
    }

    public async ValueTask DisposeAsync()
    {
        await Agent.StopAsync(CancellationToken.None);
        Agent.Dispose();
    }

    internal sealed class FixedView(MibView view) : IMibViewProvider
    {
        public MibView Current => view;
    }
}
