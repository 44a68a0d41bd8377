using JailMetrics.FreeBsd.Devd;
using JailMetrics.FreeBsd.Text;
using JailMetrics.Model;
using JailMetrics.Rules;

namespace JailMetrics.FreeBsd.Tests.Devd;

public sealed class DevdEventParserTests
{
    private const string Header = "!system=RCTL subsystem=rule type=matched ";

    [Fact]
    public void A_complete_event_yields_rule_jail_pid_ruid_and_resource()
    {
        Assert.True(DevdEventParser.TryParse(
            "!system=RCTL subsystem=rule type=matched rule=jail:pg1:memoryuse:devctl=2147483648 pid=4242 ruid=70 jail=pg1\n", out var e));

        Assert.Equal("jail:pg1:memoryuse:devctl=2147483648", e.RuleText);
        Assert.Equal(new RctlRule("jail", "pg1", "memoryuse", "devctl", 2147483648), e.Rule);
        Assert.Equal("pg1", e.Jail);
        Assert.Equal(4242, e.Pid);
        Assert.Equal(70, e.Ruid);
        Assert.Equal(Resource.MemoryUse, e.Resource);
        Assert.False(e.Truncated);
    }

    [Fact]
    public void The_jail_field_names_the_offending_process_jail_even_under_a_parent_rule()
    {
        Assert.True(DevdEventParser.TryParse(Header + "rule=jail:hosting:maxproc:devctl=100 pid=7 ruid=0 jail=hosting.www", out var e));

        Assert.Equal("hosting.www", e.Jail);
        Assert.Equal("hosting", e.Rule!.SubjectId);
    }

    [Fact]
    public void A_user_rule_carries_the_jail_of_the_process()
    {
        Assert.True(DevdEventParser.TryParse(Header + "rule=user:80:maxproc:devctl=200/jail pid=31 ruid=80 jail=web", out var e));

        Assert.Equal("web", e.Jail);
        Assert.Equal("jail", e.Rule!.Per);
    }

    [Fact]
    public void A_cut_jail_name_is_replaced_by_the_rules_jail()
    {
        // RCTL_LOG_BUFSIZE is 128: the data keeps 127 bytes, here ending inside the jail= value.
        string name = "customer-" + new string('x', 45);
        string data = $"rule=jail:{name}:memoryuse:devctl=2147483648 pid=4242 ruid=70 jail={name}"[..127];

        Assert.True(DevdEventParser.TryParse(Header + data + "\n", out var e));

        Assert.True(e.Truncated);
        Assert.Equal(name, e.Jail);
        Assert.Equal(4242, e.Pid);
        Assert.Equal(70, e.Ruid);
        Assert.NotNull(e.Rule);
    }

    [Fact]
    public void A_cut_number_is_not_trusted()
    {
        string name = new('j', 90);
        string data = $"rule=jail:{name}:maxproc:devctl=100 pid=123456 ruid=0 jail={name}"[..127];
        Assert.EndsWith("pid=123", data, StringComparison.Ordinal);

        Assert.True(DevdEventParser.TryParse(Header + data, out var e));

        Assert.True(e.Truncated);
        Assert.Null(e.Pid);
        Assert.Null(e.Ruid);
        Assert.Equal(name, e.Jail);
        Assert.Equal(Resource.MaxProc, e.Resource);
    }

    [Fact]
    public void A_rule_cut_in_its_action_still_gives_jail_and_resource()
    {
        string name = new('n', 100);
        string data = $"rule=jail:{name}:pcpu:devctl=80 pid=1 ruid=0 jail={name}"[..127];

        Assert.True(DevdEventParser.TryParse(Header + data, out var e));

        Assert.Null(e.Rule);
        Assert.Equal(data["rule=".Length..], e.RuleText);
        Assert.Equal(name, e.Jail);
        Assert.Equal(Resource.Pcpu, e.Resource);
        Assert.Null(e.Pid);
    }

    [Fact]
    public void A_rule_cut_inside_the_jail_name_gives_what_it_can()
    {
        string name = new('m', 200);
        string data = $"rule=jail:{name}:pcpu:devctl=80 pid=1 ruid=0 jail={name}"[..127];

        Assert.True(DevdEventParser.TryParse(Header + data, out var e));

        Assert.True(e.Truncated);
        Assert.Null(e.Rule);
        Assert.Null(e.Jail);
        Assert.Null(e.Resource);
    }

    [Fact]
    public void An_exactly_full_buffer_is_treated_as_possibly_cut_but_complete_fields_are_kept()
    {
        // 127 bytes that happen to end at the end of the jail name: the name cannot be told apart from a cut one.
        string prefix = "rule=jail:pg1:memoryuse:devctl=2147483648 pid=4242 ruid=70 jail=";
        string data = prefix + new string('p', 127 - prefix.Length);

        Assert.True(DevdEventParser.TryParse(Header + data, out var e));

        Assert.True(e.Truncated);
        Assert.Equal("pg1", e.Jail);
        Assert.Equal(4242, e.Pid);
    }

    [Theory]
    [InlineData("!system=IFNET subsystem=em0 type=LINK_UP")]
    [InlineData("!system=DEVFS subsystem=CDEV type=CREATE cdev=da0")]
    [InlineData("+uhub1 at bus=0 sernum=\"\" on usbus1")]
    [InlineData("-uhub1 at bus=0 on usbus1")]
    [InlineData("?at bus=0 on pci0")]
    [InlineData("!system=RCTL subsystem=rule type=other rule=jail:a:maxproc:devctl=1")]
    [InlineData("")]
    public void Other_events_are_ignored(string line)
    {
        Assert.False(DevdEventParser.TryParse(line, out _));
    }
}
