using JailMetrics.Snmp.Agent;
using JailMetrics.Snmp.Mib;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace JailMetrics.Snmp.Tests.Support;

/// <summary>A real <see cref="SnmpAgent"/> on ephemeral loopback ports (IPv4 and IPv6), serving a fixed view.</summary>
internal sealed class RunningAgent : IAsyncDisposable
{
    private readonly IMibViewProvider _views;

    private RunningAgent(SnmpAgent agent, IMibViewProvider views)
    {
        Agent = agent;
        _views = views;
    }

    public SnmpAgent Agent { get; }

    /// <summary>The view the agent answers from now.</summary>
    public MibView View => _views.Current;

    /// <summary>net-snmp's transport address for the IPv4 socket.</summary>
    public string Target => $"udp:127.0.0.1:{Agent.BoundEndpoints[0].Port}";

    /// <summary>net-snmp's transport address for the IPv6 socket.</summary>
    public string Target6 => $"udp6:[::1]:{Agent.BoundEndpoints[1].Port}";

    public static Task<RunningAgent> StartAsync(MibView view, Action<SnmpAgentOptions>? configure = null) =>
        StartAsync(new FixedView(view), configure);

    /// <summary>An agent serving whatever <paramref name="views"/> holds at each request.</summary>
    public static async Task<RunningAgent> StartAsync(IMibViewProvider views, Action<SnmpAgentOptions>? configure = null)
    {
        var options = new SnmpAgentOptions { ListenAddresses = ["127.0.0.1:0", "[::1]:0"], SysName = "interop-test" };
        configure?.Invoke(options);
        var agent = new SnmpAgent(Options.Create(options), views, NullLogger<SnmpAgent>.Instance);
        await agent.StartAsync(CancellationToken.None);
        return new RunningAgent(agent, views);
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
