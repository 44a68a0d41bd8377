using JailMetrics.FreeBsd.Text;
using JailMetrics.Model;
using JailMetrics.Rules;

namespace JailMetrics.FreeBsd.Tests.Text;

public sealed class RctlRuleParserTests
{
    [Fact]
    public void Kernel_output_is_split_into_rules_with_amounts_in_base_units_and_per_only_when_it_differs()
    {
        var rules = RctlRuleParser.Parse("jail:pg1:memoryuse:deny=2147483648,user:80:maxproc:log=200/jail");

        Assert.Equal(2, rules.Count);
        var memory = rules[0];
        Assert.Equal(("jail", "pg1", "memoryuse", "deny", 2147483648L, (string?)null),
            (memory.Subject, memory.SubjectId, memory.ResourceName, memory.Action, memory.Amount, memory.Per));
        Assert.Equal(Resource.MemoryUse, memory.Resource);

        var maxproc = rules[1];
        Assert.Equal(("user", "80", "maxproc", "log", 200L, "jail"),
            (maxproc.Subject, maxproc.SubjectId, maxproc.ResourceName, maxproc.Action, maxproc.Amount, maxproc.Per));
        Assert.Equal("jail", maxproc.EffectivePer);
        Assert.Equal("jail", memory.EffectivePer);
    }

    [Theory]
    [InlineData("jail:pg1:memoryuse:deny=2147483648")]
    [InlineData("user:80:maxproc:log=200/jail")]
    [InlineData("process:4242:openfiles:sigterm=1024")]
    [InlineData("loginclass:daemon:pcpu:devctl=50/process")]
    [InlineData("jail:web.www1:readbps:throttle=10485760")]
    public void ToString_gives_back_the_kernels_text(string text)
    {
        Assert.Equal(text, RctlRuleParser.Parse(text).Single().ToString());
    }

    [Fact]
    public void The_empty_string_means_no_rules()
    {
        Assert.Empty(RctlRuleParser.Parse(""));
        Assert.Empty(RctlRuleParser.Parse("\0"));
    }

    [Fact]
    public void Hierarchical_jail_names_with_dots_are_kept_whole()
    {
        var rule = RctlRuleParser.Parse("jail:hosting.customer1.www:maxproc:deny=100").Single();

        Assert.Equal("hosting.customer1.www", rule.SubjectId);
        Assert.Equal(new JailLimit(Resource.MaxProc, "deny", 100), rule.ToJailLimit());
    }

    [Fact]
    public void An_unknown_resource_or_action_from_a_newer_kernel_is_kept_as_text()
    {
        var rule = RctlRuleParser.Parse("jail:a:gpumem:pause=5").Single();

        Assert.Null(rule.Resource);
        Assert.Equal("gpumem", rule.ResourceName);
        Assert.Equal("pause", rule.Action);
        Assert.Null(rule.ToJailLimit());
    }

    [Fact]
    public void Only_jail_rules_become_jail_limits_and_keep_their_per()
    {
        var rules = RctlRuleParser.Parse("user:80:maxproc:log=200/jail,jail:a:nthr:deny=500/process");

        Assert.Null(rules[0].ToJailLimit());
        Assert.Equal(new JailLimit(Resource.NThr, "deny", 500, "process"), rules[1].ToJailLimit());
    }

    [Fact]
    public void A_per_equal_to_the_subject_is_the_same_rule_as_none()
    {
        var explicitPer = new RctlRule("jail", "a", "maxproc", "deny", 10, "jail");
        var implicitPer = RctlRuleParser.Parse("jail:a:maxproc:deny=10").Single();

        Assert.Equal(implicitPer, explicitPer);
        Assert.Equal("jail:a:maxproc:deny=10", explicitPer.ToString());
    }

    [Fact]
    public void The_exact_filter_spells_out_per_so_it_cannot_match_a_neighbour()
    {
        Assert.Equal("jail:a:maxproc:log=10/jail", RctlRule.ForJail("a", Resource.MaxProc, "log", 10).ToExactFilter());
        Assert.Equal("jail:a:nthr:log=10/process", RctlRule.ForJail("a", Resource.NThr, "log", 10, "process").ToExactFilter());
    }

    [Theory]
    [InlineData("jail:pg1:memoryuse", "does not have the shape")]
    [InlineData("jail:pg1:memoryuse:deny", "has no '=amount'")]
    [InlineData("jail:pg1:memoryuse:deny=1g", "'1g' is not a non-negative 64-bit integer")]
    [InlineData("jail:pg1:memoryuse:deny=-1", "'-1' is not a non-negative")]
    [InlineData("jail::memoryuse:deny=1", "rule #1")]
    [InlineData("jail:a:maxproc:deny=1,garbage", "rule #2 'garbage'")]
    public void Malformed_kernel_output_is_rejected_naming_the_rule(string text, string expected)
    {
        var error = Assert.Throws<FormatException>(() => RctlRuleParser.Parse(text));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
