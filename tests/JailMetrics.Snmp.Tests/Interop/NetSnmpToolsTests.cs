using JailMetrics.Snmp.Mib;
using JailMetrics.Snmp.Tests.Support;
using static JailMetrics.Snmp.Tests.Support.TestViews;

namespace JailMetrics.Snmp.Tests.Interop;

/// <summary>
/// The agent driven by net-snmp's real manager tools over UDP (reference/snmp.md §4.3, the pattern
/// of net-snmp's own testing/fulltests): every answer is compared with the view it came from.
/// </summary>
public sealed class NetSnmpToolsTests : IAsyncLifetime
{
    private const int Rows = 60; // enough that a bulk walk needs several size-trimmed responses at 1472 octets
    private RunningAgent _agent = null!;

    private MibView View => _agent.View;

    public async Task InitializeAsync() => _agent = await RunningAgent.StartAsync(Jails(Rows));

    public async Task DisposeAsync() => await _agent.DisposeAsync();

    private static string Dotted(Oid oid) => "." + oid;

    [Fact]
    public async Task Snmpget_returns_values_and_the_v2_exceptions()
    {
        var result = await NetSnmpTool.RunAsync("snmpget", "-v2c", "-c", "public", "-On", _agent.Target,
            Dotted(Scalar), Dotted(NameColumn.Append(2)), Dotted(CpuColumn.Append(1)), Dotted(NameColumn.Append(999)), Dotted(Root.Append(99, 0)));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(
        [
            NetSnmpFormat.Line(Scalar, SnmpValue.Integer(42)),
            NetSnmpFormat.Line(NameColumn.Append(2), SnmpValue.OctetString("db")),
            NetSnmpFormat.Line(CpuColumn.Append(1), View.Get(CpuColumn.Append(1))),
            NetSnmpFormat.Line(NameColumn.Append(999), SnmpValue.NoSuchInstance),
            NetSnmpFormat.Line(Root.Append(99, 0), SnmpValue.NoSuchObject),
        ], result.Lines);
    }

    [Fact]
    public async Task The_agent_keeps_no_view_its_provider_has_dropped()
    {
        // Issue 8: a view of 1000 jails is some 10 MB; the provider drops it when the next sample comes,
        // and the agent must not hold it until the next request.
        var views = new SwappableViews(Jails(Rows));
        await using var agent = await RunningAgent.StartAsync(views);
        var result = await NetSnmpTool.RunAsync("snmpget", "-v2c", "-c", "public", "-On", agent.Target, Dotted(Scalar));
        Assert.True(result.ExitCode == 0, result.ToString());

        var answered = views.Replace(Jails(2));
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.False(answered.IsAlive, "the agent still references the view it answered from");
    }

    private sealed class SwappableViews(MibView first) : JailMetrics.Snmp.Agent.IMibViewProvider
    {
        private MibView _current = first;

        public MibView Current => Volatile.Read(ref _current);

        /// <summary>Swaps in <paramref name="next"/> and returns a weak reference to the view it replaced.</summary>
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
        public WeakReference Replace(MibView next) => new(Interlocked.Exchange(ref _current, next));
    }

    [Fact]
    public async Task Snmpget_v1_of_a_counter64_is_noSuchName()
    {
        var result = await NetSnmpTool.RunAsync("snmpget", "-v1", "-c", "public", "-On", _agent.Target, Dotted(CpuColumn.Append(1)));
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("(noSuchName)", result.Error + result.Output);
        Assert.Contains("Failed object: " + Dotted(CpuColumn.Append(1)), result.Error + result.Output);
    }

    [Fact]
    public async Task Snmpgetnext_returns_the_lexicographic_successor()
    {
        var result = await NetSnmpTool.RunAsync("snmpgetnext", "-v2c", "-c", "public", "-On", _agent.Target, Dotted(NameColumn.Append(2)), Dotted(Root));
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal([NetSnmpFormat.Line(NameColumn.Append(3), View.Get(NameColumn.Append(3))), NetSnmpFormat.Line(Scalar, SnmpValue.Integer(42))], result.Lines);
    }

    [Theory]
    [InlineData("-v2c")]
    [InlineData("-v1")]
    public async Task Snmpwalk_returns_exactly_the_view_and_v1_omits_counter64(string version)
    {
        var result = await NetSnmpTool.RunAsync("snmpwalk", version, "-c", "public", "-On", _agent.Target, Dotted(Root));
        Assert.True(result.ExitCode == 0, result.ToString());
        var expected = NetSnmpFormat.Walk(View, Root, v1: version == "-v1").ToArray();
        Assert.Equal(expected, result.Lines);
        Assert.Equal(version == "-v1" ? 4 * Rows + 3 : 5 * Rows + 3, result.Lines.Length);
    }

    [Theory]
    [InlineData("-Cr1")]
    [InlineData("-Cr7")]
    [InlineData("-Cr25")]
    [InlineData("-Cr1000")] // more than fits in 1472 octets: responses are trimmed, the walk still completes
    [InlineData("-Cn0", "-Cr10")]
    public async Task Snmpbulkwalk_returns_exactly_the_view(params string[] options)
    {
        var result = await NetSnmpTool.RunAsync("snmpbulkwalk", ["-v2c", "-c", "public", "-On", .. options, _agent.Target, Dotted(Root)]);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(NetSnmpFormat.Walk(View, Root).ToArray(), result.Lines);
    }

    [Fact]
    public async Task Snmpbulkget_interleaves_non_repeaters_and_repetitions()
    {
        var result = await NetSnmpTool.RunAsync("snmpbulkget", "-v2c", "-c", "public", "-Cn1", "-Cr3", "-On", _agent.Target,
            Dotted(Root), Dotted(NameColumn), Dotted(ProcessesColumn));
        Assert.True(result.ExitCode == 0, result.ToString());
        string Row(Oid column, uint row) => NetSnmpFormat.Line(column.Append(row), View.Get(column.Append(row)));
        Assert.Equal(
        [
            NetSnmpFormat.Line(Scalar, SnmpValue.Integer(42)),
            Row(NameColumn, 1), Row(ProcessesColumn, 1),
            Row(NameColumn, 2), Row(ProcessesColumn, 2),
            Row(NameColumn, 3), Row(ProcessesColumn, 3),
        ], result.Lines);
    }

    [Fact]
    public async Task The_whole_agent_walks_in_one_order_across_its_own_objects_and_the_view()
    {
        var result = await NetSnmpTool.RunAsync("snmpbulkwalk", "-v2c", "-c", "public", "-On", "-Cr50", _agent.Target, ".1");
        Assert.True(result.ExitCode == 0, result.ToString()); // snmpbulkwalk itself refuses an OID that does not increase
        var names = result.Lines.Select(line => line[..line.IndexOf(" = ", StringComparison.Ordinal)]).ToList();
        Assert.Contains(".1.3.6.1.2.1.1.5.0 = STRING: \"interop-test\"", result.Lines);
        Assert.Contains(".1.3.6.1.2.1.1.7.0 = INTEGER: 72", result.Lines);
        Assert.Contains(".1.3.6.1.2.1.11.30.0 = INTEGER: 2", result.Lines);
        Assert.Equal(".1.3.6.1.2.1.1.1.0", names[0]);
        // A walk of everything never leaves its subtree, so it ends on our endOfMibView, which net-snmp prints.
        Assert.Contains(".1.3.6.1.6.3.1.1.6.1.0 = INTEGER: 0", result.Lines); // snmpSetSerialNo sorts after the enterprise view
        // Then snmpMPDStats (3) and snmpUnavailableContexts/snmpUnknownContexts (2), served for every version.
        Assert.Equal(".1.3.6.1.6.3.12.1.5.0 = Counter32: 0", result.Lines[^2]);
        Assert.Equal(".1.3.6.1.6.3.12.1.5.0 = No more variables left in this MIB View (It is past the end of the MIB tree)", result.Lines[^1]);
        Assert.Equal(8 + 9 + (5 * Rows + 3) + 1 + 5 + 1, names.Count);
    }

    [Fact]
    public async Task Snmpset_is_answered_notWritable_and_noSuchName_in_v1()
    {
        var v2c = await NetSnmpTool.RunAsync("snmpset", "-v2c", "-c", "public", "-On", _agent.Target, Dotted(ProcessesColumn.Append(1)), "u", "5");
        Assert.NotEqual(0, v2c.ExitCode);
        Assert.Contains("notWritable", v2c.Error + v2c.Output);

        var v1 = await NetSnmpTool.RunAsync("snmpset", "-v1", "-c", "public", "-On", _agent.Target, Dotted(ProcessesColumn.Append(1)), "u", "5");
        Assert.NotEqual(0, v1.ExitCode);
        Assert.Contains("(noSuchName)", v1.Error + v1.Output);
    }

    [Fact]
    public async Task A_wrong_community_gets_no_answer_and_is_counted()
    {
        var wrong = await NetSnmpTool.RunAsync("snmpget", "-v2c", "-c", "not-public", "-t", "1", "-r", "0", "-On", _agent.Target, Dotted(Scalar));
        Assert.NotEqual(0, wrong.ExitCode);
        Assert.Contains("Timeout", wrong.Error + wrong.Output);

        var counter = await NetSnmpTool.RunAsync("snmpget", "-v2c", "-c", "public", "-On", _agent.Target, ".1.3.6.1.2.1.11.4.0");
        Assert.Equal([".1.3.6.1.2.1.11.4.0 = Counter32: 1"], counter.Lines); // snmpInBadCommunityNames
        Assert.Equal(1u, _agent.Agent.Counters.InBadCommunityNames);
    }

    [Fact]
    public async Task Ipv6_loopback_is_served()
    {
        var get = await NetSnmpTool.RunAsync("snmpget", "-v2c", "-c", "public", "-On", _agent.Target6, Dotted(Scalar));
        Assert.Equal([NetSnmpFormat.Line(Scalar, SnmpValue.Integer(42))], get.Lines);

        var walk = await NetSnmpTool.RunAsync("snmpbulkwalk", "-v2c", "-c", "public", "-On", "-Cr20", _agent.Target6, Dotted(Root));
        Assert.Equal(NetSnmpFormat.Walk(View, Root).ToArray(), walk.Lines);
    }

    [Fact]
    public async Task Sysuptime_counts_up_from_the_agents_start()
    {
        var first = await NetSnmpTool.RunAsync("snmpget", "-v2c", "-c", "public", "-On", "-Ot", _agent.Target, ".1.3.6.1.2.1.1.3.0");
        await Task.Delay(300);
        var second = await NetSnmpTool.RunAsync("snmpget", "-v2c", "-c", "public", "-On", "-Ot", _agent.Target, ".1.3.6.1.2.1.1.3.0");
        static long Ticks(NetSnmpTool.Result result) => long.Parse(result.Lines.Single().Split(' ')[^1]);
        Assert.InRange(Ticks(second) - Ticks(first), 20, 3000);
    }
}
