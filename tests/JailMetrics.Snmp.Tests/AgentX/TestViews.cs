using JailMetrics.Snmp.Agent;
using JailMetrics.Snmp.AgentX;
using JailMetrics.Snmp.Mib;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace JailMetrics.Snmp.Tests.AgentX;

/// <summary>A view provider a test can swap views in, as the sampler does.</summary>
internal sealed class SwappableViewProvider(MibView view) : IMibViewProvider
{
    public MibView Current { get; set; } = view;
}

internal static class TestViews
{
    /// <summary>The RFC 5612 documentation enterprise: tests only.</summary>
    public static readonly Oid Root = Oid.Parse("1.3.6.1.4.1.32473");

    /// <summary>A small view with every value type, under <see cref="Root"/>.</summary>
    public static MibView Sample(int generation = 1)
    {
        var column = Root.Append(2, 1, 2);
        return new MibViewBuilder()
            .AddObjectType(Root.Append(1, 1))
            .AddObjectType(column)
            .Add(Root.Append(1, 1, 0), SnmpValue.Integer(42 * generation))
            .Add(Root.Append(1, 2, 0), SnmpValue.OctetString("jail metrics"))
            .Add(Root.Append(1, 3, 0), SnmpValue.Counter32(4000000000))
            .Add(Root.Append(1, 4, 0), SnmpValue.Gauge32(7))
            .Add(Root.Append(1, 5, 0), SnmpValue.TimeTicks(8066))
            .Add(Root.Append(1, 6, 0), SnmpValue.Counter64(0x0123456789abcdef))
            .Add(Root.Append(1, 7, 0), SnmpValue.IpAddress([10, 0, 0, 1]))
            .Add(Root.Append(1, 8, 0), SnmpValue.ObjectIdentifier(Oid.Parse("1.3.6.1.2.1.1")))
            .Add(column.Append(2, 100, 98), SnmpValue.OctetString("db"))
            .Add(column.Append(3, 119, 119, 119), SnmpValue.OctetString("www"))
            .Build();
    }

    public static AgentXSubagent Subagent(string master, IMibViewProvider views, Action<AgentXOptions>? configure = null)
    {
        var options = new AgentXOptions
        {
            Enabled = true,
            Master = master,
            Subtrees = [Root.ToString()],
            Timeout = TimeSpan.FromSeconds(2),
            PingInterval = TimeSpan.FromHours(1),
            ReconnectMin = TimeSpan.FromMilliseconds(50),
            ReconnectMax = TimeSpan.FromMilliseconds(300),
            Description = "JailMetrics test",
        };
        configure?.Invoke(options);
        return new AgentXSubagent(Options.Create(options), views, NullLogger<AgentXSubagent>.Instance);
    }
}
