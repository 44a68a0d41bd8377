using JailMetrics.Snmp.AgentX;
using JailMetrics.Snmp.AgentX.Protocol;
using JailMetrics.Snmp.Mib;

namespace JailMetrics.Snmp.Tests.AgentX;

public class AgentXViewResponderTests
{
    private static readonly Oid Root = Oid.Parse("1.3.6.1.4.1.32473");
    private static readonly Oid Scalar = Root.Append(1, 1);       // .1.1, instance .1.1.0
    private static readonly Oid NameColumn = Root.Append(2, 1, 2); // instances .2.1.2.<index>
    private static readonly Oid UnboundedEnd = new();

    private static MibView View() => new MibViewBuilder()
        .AddObjectType(Scalar)
        .AddObjectType(NameColumn)
        .Add(Scalar.Append(0), SnmpValue.Integer(42))
        .Add(NameColumn.Append(1), SnmpValue.OctetString("db"))
        .Add(NameColumn.Append(2), SnmpValue.OctetString("www"))
        .Add(Root.Append(3, 0), SnmpValue.Counter64(1UL << 40))
        .Build();

    private static AgentXSearchRange Range(Oid start, bool include = false, Oid? end = null) => new(start, include, end ?? UnboundedEnd);

    [Fact]
    public void Get_answers_values_and_the_right_exception()
    {
        var answers = AgentXViewResponder.Get(
            [Range(Scalar.Append(0)), Range(NameColumn.Append(9)), Range(Root.Append(9, 0))], View());

        Assert.Equal(
            [
                new AgentXVarBind(Scalar.Append(0), SnmpValue.Integer(42)),
                new AgentXVarBind(NameColumn.Append(9), SnmpValue.NoSuchInstance),
                new AgentXVarBind(Root.Append(9, 0), SnmpValue.NoSuchObject),
            ],
            answers);
    }

    [Fact]
    public void Getnext_includes_the_start_only_when_asked_to()
    {
        var view = View();
        var start = NameColumn.Append(1);

        Assert.Equal(new AgentXVarBind(start, SnmpValue.OctetString("db")), Assert.Single(AgentXViewResponder.GetNext([Range(start, include: true)], view)));
        Assert.Equal(new AgentXVarBind(NameColumn.Append(2), SnmpValue.OctetString("www")), Assert.Single(AgentXViewResponder.GetNext([Range(start)], view)));
    }

    [Fact]
    public void Getnext_stays_below_the_exclusive_end_and_names_end_of_mib_view_by_the_start()
    {
        var view = View();
        var start = NameColumn.Append(2);

        // The next instance (.3.0) lies at or beyond the end: endOfMibView, named by the start (RFC 2741 §7.2.3.2).
        var answer = Assert.Single(AgentXViewResponder.GetNext([Range(start, end: Root.Append(3))], view));
        Assert.Equal(new AgentXVarBind(start, SnmpValue.EndOfMibView), answer);

        // An included start that is itself at the end does not qualify either.
        var atEnd = Root.Append(3, 0);
        Assert.Equal(SnmpValue.EndOfMibView, Assert.Single(AgentXViewResponder.GetNext([Range(atEnd, include: true, end: atEnd)], view)).Value);

        // Past the last instance.
        Assert.Equal(SnmpValue.EndOfMibView, Assert.Single(AgentXViewResponder.GetNext([Range(Root.Append(4))], view)).Value);
    }

    [Fact]
    public void Getnext_answers_each_range_in_order()
    {
        var answers = AgentXViewResponder.GetNext([Range(Root.Append(3)), Range(Root)], View());

        Assert.Equal([Root.Append(3, 0), Scalar.Append(0)], answers.Select(a => a.Name));
    }

    [Fact]
    public void Getbulk_runs_non_repeaters_once_and_repeaters_until_the_view_ends()
    {
        var answers = AgentXViewResponder.GetBulk(1, 10, [Range(Root), Range(NameColumn), Range(Root.Append(3))], View());

        Assert.Equal(
            [
                $"{Scalar.Append(0)}", // non-repeater
                $"{NameColumn.Append(1)}", $"{Root.Append(3, 0)}",                  // round 1
                $"{NameColumn.Append(2)}", $"{Root.Append(3, 0)}=EndOfMibView",         // round 2: named by where it stood
                $"{Root.Append(3, 0)}", $"{Root.Append(3, 0)}=EndOfMibView",            // round 3
                $"{Root.Append(3, 0)}=EndOfMibView", $"{Root.Append(3, 0)}=EndOfMibView", // round 4: all ended, stop
            ],
            answers.Select(a => a.Value.IsException ? $"{a.Name}={a.Value}" : $"{a.Name}"));
    }

    [Fact]
    public void Getbulk_respects_each_ranges_end_and_max_repetitions()
    {
        var answers = AgentXViewResponder.GetBulk(0, 2, [Range(Root, end: NameColumn.Append(2))], View());

        Assert.Equal([Scalar.Append(0), NameColumn.Append(1)], answers.Select(a => a.Name));

        var bounded = AgentXViewResponder.GetBulk(0, 5, [Range(Root, end: NameColumn.Append(2))], View());
        Assert.Equal(SnmpValue.EndOfMibView, bounded[^1].Value);
        Assert.Equal(NameColumn.Append(1), bounded[^1].Name);
    }

    [Fact]
    public void Getbulk_with_more_non_repeaters_than_ranges_is_a_getnext()
    {
        var answers = AgentXViewResponder.GetBulk(5, 10, [Range(Root)], View());

        Assert.Equal(Scalar.Append(0), Assert.Single(answers).Name);
    }

    [Fact]
    public void Getbulk_is_capped_even_when_asked_for_everything()
    {
        var builder = new MibViewBuilder();
        for (uint i = 0; i < 5000; i++) builder.Add(Root.Append(1, i), SnmpValue.Integer((int)i));

        var answers = AgentXViewResponder.GetBulk(0, ushort.MaxValue, [Range(Root), Range(Root)], builder.Build());

        Assert.Equal(AgentXViewResponder.MaxBulkVarBinds, answers.Count);
    }

    [Fact]
    public void Responses_echo_the_request_header_and_carry_no_sysuptime()
    {
        var request = new AgentXGetPdu([Range(Scalar.Append(0))]) { SessionId = 3, TransactionId = 4, PacketId = 5 };

        var response = AgentXViewResponder.Answer(request, View())!;

        Assert.Equal((3u, 4u, 5u, 0u), (response.SessionId, response.TransactionId, response.PacketId, response.SysUpTime));
        Assert.Equal(AgentXErrorStatus.NoError, response.Error);
        Assert.Equal(SnmpValue.Integer(42), Assert.Single(response.VarBinds).Value);
    }

    [Fact]
    public void Sets_are_refused_as_not_writable_and_cleanup_gets_no_answer()
    {
        var view = View();
        var testSet = new AgentXTestSetPdu([new AgentXVarBind(Scalar.Append(0), SnmpValue.Integer(1))]) { PacketId = 8 };

        var refused = AgentXViewResponder.Answer(testSet, view)!;
        Assert.Equal((AgentXErrorStatus.NotWritable, (ushort)1, 8u), (refused.Error, refused.Index, refused.PacketId));

        Assert.Equal(AgentXErrorStatus.NoError, AgentXViewResponder.Answer(new AgentXUndoSetPdu(), view)!.Error);
        Assert.Equal(AgentXErrorStatus.CommitFailed, AgentXViewResponder.Answer(new AgentXCommitSetPdu(), view)!.Error);
        Assert.Null(AgentXViewResponder.Answer(new AgentXCleanupSetPdu(), view));
    }

    [Fact]
    public void Requests_in_a_non_default_context_are_unsupported()
    {
        var request = new AgentXGetNextPdu([Range(Root)]) { Context = "other"u8.ToArray() };

        var response = AgentXViewResponder.Answer(request, View())!;

        Assert.Equal(AgentXErrorStatus.UnsupportedContext, response.Error);
        Assert.Empty(response.VarBinds);
    }

    [Fact]
    public void Pdus_only_subagents_send_are_not_answered_from_the_view()
    {
        Assert.Throws<ArgumentException>(() => AgentXViewResponder.Answer(new AgentXPingPdu(), View()));
    }
}
