using JailMetrics.Snmp.AgentX;
using JailMetrics.Snmp.AgentX.Protocol;
using JailMetrics.Snmp.Mib;

namespace JailMetrics.Snmp.Tests.AgentX;

/// <summary>The sub-agent's session behaviour against an in-process master that a test drives step by step.</summary>
public sealed class AgentXSubagentTests : IAsyncLifetime
{
    private static readonly TimeSpan Bounded = TimeSpan.FromSeconds(10);
    private static readonly Oid Root = TestViews.Root;

    private readonly FakeAgentXMaster _master = new();
    private readonly SwappableViewProvider _views = new(TestViews.Sample());
    private AgentXSubagent? _subagent;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_subagent is not null)
        {
            using var stop = new CancellationTokenSource(Bounded);
            await _subagent.StopAsync(stop.Token);
            _subagent.Dispose();
        }
        await _master.DisposeAsync();
    }

    private async Task<AgentXSubagent> StartAsync(Action<AgentXOptions>? configure = null)
    {
        _subagent = TestViews.Subagent(_master.Address, _views, configure);
        await _subagent.StartAsync(CancellationToken.None);
        return _subagent;
    }

    private static async Task WaitRegisteredAsync(AgentXSubagent subagent)
    {
        using var timeout = new CancellationTokenSource(Bounded);
        await subagent.WaitForRegisteredAsync(timeout.Token);
        Assert.Equal(AgentXState.Registered, subagent.State);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Bounded;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not reached in time");
            await Task.Delay(10);
        }
    }

    [Fact]
    public async Task Opens_registers_and_answers_from_the_current_view()
    {
        var subagent = await StartAsync();
        await using var connection = await _master.AcceptAsync(Bounded);

        var (open, subtrees) = await connection.AcceptSessionAsync(sessionId: 7);

        Assert.Equal("JailMetrics test", AgentXPduCodec.DescriptionText(open));
        Assert.Equal(2, open.TimeoutSeconds);
        Assert.Equal(0u, open.SessionId);
        Assert.Equal([Root], subtrees);
        await WaitRegisteredAsync(subagent);

        var get = await connection.RequestAsync(new AgentXGetPdu([new(Root.Append(1, 1, 0), false, new Oid()), new(Root.Append(1, 9, 0), false, new Oid())]), 7);
        Assert.Equal([SnmpValue.Integer(42), SnmpValue.NoSuchObject], get.VarBinds.Select(v => v.Value));

        _views.Current = TestViews.Sample(generation: 2); // a new sample replaces the view
        var next = await connection.RequestAsync(new AgentXGetNextPdu([new(Root, false, Root.Append(2))]), 7);
        Assert.Equal(new AgentXVarBind(Root.Append(1, 1, 0), SnmpValue.Integer(84)), Assert.Single(next.VarBinds));

        var bulk = await connection.RequestAsync(new AgentXGetBulkPdu(0, 3, [new(Root.Append(1, 5), false, Root.Append(2))]), 7);
        Assert.Equal(
            [SnmpValue.TimeTicks(8066), SnmpValue.Counter64(0x0123456789abcdef), SnmpValue.IpAddress([10, 0, 0, 1])],
            bulk.VarBinds.Select(v => v.Value));

        var set = await connection.RequestAsync(new AgentXTestSetPdu([new(Root.Append(1, 1, 0), SnmpValue.Integer(1))]), 7);
        Assert.Equal(AgentXErrorStatus.NotWritable, set.Error);
    }

    [Fact]
    public async Task Accepts_a_master_that_answers_in_little_endian()
    {
        var subagent = await StartAsync();
        await using var connection = await _master.AcceptAsync(Bounded);

        await connection.AcceptSessionAsync(sessionId: 0x01020304, networkByteOrder: false);
        await WaitRegisteredAsync(subagent);

        var next = await connection.RequestAsync(new AgentXGetNextPdu([new(Root, false, new Oid())]), 0x01020304, networkByteOrder: false);
        Assert.Equal(Root.Append(1, 1, 0), Assert.Single(next.VarBinds).Name);
    }

    [Fact]
    public async Task Requests_for_another_session_are_answered_not_open()
    {
        var subagent = await StartAsync();
        await using var connection = await _master.AcceptAsync(Bounded);
        await connection.AcceptSessionAsync(sessionId: 7);
        await WaitRegisteredAsync(subagent);

        var response = await connection.RequestAsync(new AgentXGetPdu([new(Root.Append(1, 1, 0), false, new Oid())]), 8);

        Assert.Equal(AgentXErrorStatus.NotOpen, response.Error);
    }

    [Fact]
    public async Task Reconnects_and_registers_again_when_the_master_goes_away()
    {
        var subagent = await StartAsync();
        var first = await _master.AcceptAsync(Bounded);
        await first.AcceptSessionAsync(sessionId: 1);
        await WaitRegisteredAsync(subagent);

        await first.DisposeAsync(); // the master restarts
        await WaitUntilAsync(() => subagent.State != AgentXState.Registered);

        await using var second = await _master.AcceptAsync(Bounded);
        await second.AcceptSessionAsync(sessionId: 2);
        await WaitRegisteredAsync(subagent);
        var next = await second.RequestAsync(new AgentXGetNextPdu([new(Root, false, new Oid())]), 2);
        Assert.Equal(SnmpValue.Integer(42), Assert.Single(next.VarBinds).Value);
    }

    [Fact]
    public async Task Reconnects_when_the_master_sends_close()
    {
        var subagent = await StartAsync();
        await using var first = await _master.AcceptAsync(Bounded);
        await first.AcceptSessionAsync(sessionId: 1);
        await WaitRegisteredAsync(subagent);

        await first.SendAsync(new AgentXClosePdu(AgentXCloseReason.ByManager) { SessionId = 1 });

        Assert.Empty(await first.ReadUntilClosedAsync());
        await using var second = await _master.AcceptAsync(Bounded);
        await second.AcceptSessionAsync(sessionId: 2);
        await WaitRegisteredAsync(subagent);
    }

    [Theory]
    [InlineData("version 2", "020d1000 00000001 00000000 00000003 00000000")]
    [InlineData("payload length over our limit", "01061000 00000001 00000000 00000003 7ffffffc")]
    [InlineData("n_subid 255", "01061000 00000001 00000017 00000018 00000008 ff000000 00000001")]
    public async Task A_malformed_pdu_closes_the_session_with_parse_error_and_reconnects(string why, string hex)
    {
        var subagent = await StartAsync();
        await using var first = await _master.AcceptAsync(Bounded);
        await first.AcceptSessionAsync(sessionId: 1);
        await WaitRegisteredAsync(subagent);

        await first.SendRawAsync(AgentXPduCodecTests.Hex(hex));

        var close = Assert.IsType<AgentXClosePdu>(Assert.Single(await first.ReadUntilClosedAsync()));
        Assert.True(close.Reason == AgentXCloseReason.ParseError, why);
        await using var second = await _master.AcceptAsync(Bounded);
        await second.AcceptSessionAsync(sessionId: 2);
        await WaitRegisteredAsync(subagent);
    }

    [Fact]
    public async Task A_pdu_only_subagents_send_closes_the_session_with_protocol_error()
    {
        var subagent = await StartAsync();
        await using var first = await _master.AcceptAsync(Bounded);
        await first.AcceptSessionAsync(sessionId: 1);
        await WaitRegisteredAsync(subagent);

        await first.SendAsync(new AgentXOpenPdu(0, Root, []) { SessionId = 1 });

        var close = Assert.IsType<AgentXClosePdu>(Assert.Single(await first.ReadUntilClosedAsync()));
        Assert.Equal(AgentXCloseReason.ProtocolError, close.Reason);
        await using var second = await _master.AcceptAsync(Bounded);
        await second.AcceptSessionAsync(sessionId: 2);
    }

    [Fact]
    public async Task Pings_periodically_and_reconnects_when_a_ping_goes_unanswered()
    {
        var subagent = await StartAsync(o =>
        {
            o.PingInterval = TimeSpan.FromMilliseconds(100);
            o.Timeout = TimeSpan.FromMilliseconds(400);
        });
        await using var first = await _master.AcceptAsync(Bounded);
        await first.AcceptSessionAsync(sessionId: 1);
        await WaitRegisteredAsync(subagent);

        var ping = await first.ReceiveAsync<AgentXPingPdu>();
        Assert.Equal(1u, ping.SessionId);
        await first.AnswerAsync(ping, 1);
        await first.ReceiveAsync<AgentXPingPdu>(); // a second ping, which the "dead" master ignores

        var close = Assert.IsType<AgentXClosePdu>(Assert.Single(await first.ReadUntilClosedAsync()));
        Assert.Equal(AgentXCloseReason.Timeouts, close.Reason);
        await using var second = await _master.AcceptAsync(Bounded);
        await second.AcceptSessionAsync(sessionId: 2);
        await WaitRegisteredAsync(subagent);
    }

    [Fact]
    public async Task A_refused_registration_ends_the_session_and_is_retried()
    {
        var subagent = await StartAsync();
        await using var first = await _master.AcceptAsync(Bounded);
        var open = await first.ReceiveAsync<AgentXOpenPdu>();
        await first.AnswerAsync(open, 1);
        var register = await first.ReceiveAsync<AgentXRegisterPdu>();
        await first.AnswerAsync(register, 1, AgentXErrorStatus.DuplicateRegistration);

        var close = Assert.IsType<AgentXClosePdu>(Assert.Single(await first.ReadUntilClosedAsync()));
        Assert.Equal(AgentXCloseReason.Other, close.Reason);
        Assert.NotEqual(AgentXState.Registered, subagent.State);
        await using var second = await _master.AcceptAsync(Bounded);
        await second.AcceptSessionAsync(sessionId: 2);
        await WaitRegisteredAsync(subagent);
    }

    [Fact]
    public async Task Keeps_retrying_while_no_master_listens()
    {
        await using var idle = new FakeAgentXMaster();
        string address = idle.Address;
        await idle.DisposeAsync(); // nothing listens there now

        var subagent = await StartAsync(o => o.Master = address);
        await Task.Delay(300);

        Assert.NotEqual(AgentXState.Registered, subagent.State);
        Assert.False(subagent.WaitForRegisteredAsync(CancellationToken.None).IsCompleted);
    }

    [Fact]
    public async Task Notify_sends_the_callers_varbinds_and_waits_for_the_masters_answer()
    {
        var subagent = await StartAsync();
        await using var connection = await _master.AcceptAsync(Bounded);
        await connection.AcceptSessionAsync(sessionId: 3);
        await WaitRegisteredAsync(subagent);
        var trapOid = Root.Append(0, 1);
        (Oid, SnmpValue)[] varbinds =
        [
            (AgentXSubagent.SnmpTrapOidInstance, SnmpValue.ObjectIdentifier(trapOid)),
            (Root.Append(2, 1, 2, 2, 100, 98), SnmpValue.OctetString("db")),
        ];

        var sending = subagent.NotifyAsync(varbinds, CancellationToken.None).AsTask();
        var notify = await connection.ReceiveAsync<AgentXNotifyPdu>();
        Assert.False(sending.IsCompleted);
        await connection.AnswerAsync(notify, 3);
        await sending.WaitAsync(Bounded);

        Assert.Equal(3u, notify.SessionId);
        Assert.Equal(varbinds.Select(v => new AgentXVarBind(v.Item1, v.Item2)), notify.VarBinds);

        var refused = subagent.NotifyAsync(varbinds, CancellationToken.None).AsTask();
        await connection.AnswerAsync(await connection.ReceiveAsync<AgentXNotifyPdu>(), 3, AgentXErrorStatus.ProcessingError);
        var error = await Assert.ThrowsAsync<AgentXRequestFailedException>(() => refused.WaitAsync(Bounded));
        Assert.Equal(AgentXErrorStatus.ProcessingError, error.Error);
    }

    [Fact]
    public async Task Notify_checks_the_varbinds_start_and_needs_a_session()
    {
        var subagent = TestViews.Subagent(_master.Address, _views);
        var trapOid = (AgentXSubagent.SnmpTrapOidInstance, SnmpValue.ObjectIdentifier(Root.Append(0, 1)));
        var upTime = (AgentXSubagent.SysUpTimeInstance, SnmpValue.TimeTicks(5));

        await Assert.ThrowsAsync<ArgumentException>(() => subagent.NotifyAsync([], CancellationToken.None).AsTask());
        await Assert.ThrowsAsync<ArgumentException>(() => subagent.NotifyAsync([upTime], CancellationToken.None).AsTask());
        await Assert.ThrowsAsync<ArgumentException>(() => subagent.NotifyAsync([(Root, SnmpValue.Integer(1)), trapOid], CancellationToken.None).AsTask());
        await Assert.ThrowsAsync<InvalidOperationException>(() => subagent.NotifyAsync([trapOid], CancellationToken.None).AsTask());
        await Assert.ThrowsAsync<InvalidOperationException>(() => subagent.NotifyAsync([upTime, trapOid], CancellationToken.None).AsTask());
        subagent.Dispose();
    }

    [Fact]
    public async Task Stopping_sends_close_with_reason_shutdown()
    {
        var subagent = await StartAsync();
        await using var connection = await _master.AcceptAsync(Bounded);
        await connection.AcceptSessionAsync(sessionId: 4);
        await WaitRegisteredAsync(subagent);

        using (var stop = new CancellationTokenSource(Bounded)) await subagent.StopAsync(stop.Token);

        var close = Assert.IsType<AgentXClosePdu>(Assert.Single(await connection.ReadUntilClosedAsync()));
        Assert.Equal((AgentXCloseReason.Shutdown, 4u), (close.Reason, close.SessionId));
        Assert.Equal(AgentXState.Disconnected, subagent.State);
    }

    [Fact]
    public async Task Does_nothing_when_disabled()
    {
        var subagent = await StartAsync(o => o.Enabled = false);

        await Task.Delay(200);

        Assert.Equal(AgentXState.Disconnected, subagent.State);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _master.AcceptAsync(TimeSpan.FromMilliseconds(200)));
    }
}
