using JailMetrics.Rules;
using JailMetrics.Model;

namespace JailMetrics.Core.Tests.Rules;

/// <summary>RctlRule.Parse: rctl(8)'s user-facing grammar, for configuration files.</summary>
public sealed class RctlRuleGrammarTests
{
    [Theory]
    [InlineData("jail:www:memoryuse:deny=512m", 536870912L)]
    [InlineData("jail:www:memoryuse:deny=512M", 536870912L)]
    [InlineData("jail:www:memoryuse:deny=2g", 2147483648L)]
    [InlineData("jail:www:memoryuse:deny=1k", 1024L)]
    [InlineData("jail:www:memoryuse:deny=1t", 1099511627776L)]
    [InlineData("jail:www:memoryuse:deny=1p", 1125899906842624L)]
    [InlineData("jail:www:memoryuse:deny=1e", 1152921504606846976L)]
    [InlineData("jail:www:memoryuse:deny=100b", 100L)]
    [InlineData("jail:www:memoryuse:deny=100", 100L)]
    public void Amounts_take_expand_number_suffixes_in_powers_of_1024(string text, long amount)
    {
        Assert.Equal(amount, RctlRule.Parse(text).Amount);
    }

    [Theory]
    [InlineData("j:www:maxproc:deny=10", "jail:www:maxproc:deny=10")]
    [InlineData("u:80:maxproc:log=10", "user:80:maxproc:log=10")]
    [InlineData("p:4242:openfiles:sigterm=64", "process:4242:openfiles:sigterm=64")]
    [InlineData("class:daemon:nthr:log=10", "loginclass:daemon:nthr:log=10")]
    [InlineData("c:daemon:nthr:log=10", "loginclass:daemon:nthr:log=10")]
    [InlineData("l:daemon:nthr:log=10", "loginclass:daemon:nthr:log=10")]
    [InlineData("JAIL:www:MemoryUse:DENY=1G", "jail:www:memoryuse:deny=1073741824")]
    [InlineData("jail:www:maxproc:deny=10/jail", "jail:www:maxproc:deny=10")]
    [InlineData("jail:www:nthr:deny=10/PROCESS", "jail:www:nthr:deny=10/process")]
    [InlineData("  jail:www:maxproc:deny=10  ", "jail:www:maxproc:deny=10")]
    [InlineData("jail:hosting.customer1.www:pcpu:deny=50", "jail:hosting.customer1.www:pcpu:deny=50")]
    [InlineData("jail:www:writebps:throttle=10m", "jail:www:writebps:throttle=10485760")]
    [InlineData("jail:www:cputime:sigxcpu=3600", "jail:www:cputime:sigxcpu=3600")]
    public void Aliases_and_case_are_normalised_to_the_kernels_canonical_text(string text, string canonical)
    {
        Assert.Equal(canonical, RctlRule.Parse(text).ToString());
    }

    [Fact]
    public void A_parsed_rule_knows_its_core_resource()
    {
        var rule = RctlRule.Parse("jail:www:vmemoryuse:deny=4g");

        Assert.Equal(Resource.VMemoryUse, rule.Resource);
        Assert.Equal(new JailLimit(Resource.VMemoryUse, "deny", 4294967296), rule.ToJailLimit());
    }

    [Theory]
    // input                                   position  reason fragment
    [InlineData("", 0, "the rule is empty")]
    [InlineData("jial:www:maxproc:deny=1", 0, "unknown subject 'jial'")]
    [InlineData(":www:maxproc:deny=1", 0, "missing subject")]
    [InlineData("g:wheel:maxproc:deny=1", 0, "the kernel has none")]
    [InlineData("group:0:maxproc:deny=1", 0, "the kernel has none")]
    [InlineData("jail::maxproc:deny=1", 5, "missing subject id")]
    [InlineData("user:www:maxproc:deny=1", 5, "numeric UID")]
    [InlineData("process:abc:maxproc:deny=1", 8, "numeric PID")]
    [InlineData("jail:www:memusage:deny=1", 9, "unknown resource 'memusage'")]
    [InlineData("jail:www::deny=1", 9, "missing resource")]
    [InlineData("jail:www:maxproc:kill=1", 17, "unknown action 'kill'")]
    [InlineData("jail:www:maxproc:=1", 17, "missing action")]
    [InlineData("jail:www:maxproc:deny", 21, "missing '=amount'")]
    [InlineData("jail:www:maxproc:deny/jail=5", 21, "missing '=amount'")]
    [InlineData("jail:www:maxproc:deny=", 22, "the amount is empty")]
    [InlineData("jail:www:maxproc:deny=ten", 22, "does not start with a decimal digit")]
    [InlineData("jail:www:maxproc:deny=10x", 22, "unknown unit 'x'")]
    [InlineData("jail:www:maxproc:deny=10kb", 22, "unknown unit 'kb'")]
    [InlineData("jail:www:maxproc:deny=0x10", 22, "unknown unit 'x10'")]
    [InlineData("jail:www:maxproc:deny=16e", 22, "does not fit in 64 bits")]
    [InlineData("jail:www:maxproc:deny=8e", 22, "exceeds the kernel's 64-bit signed range")]
    [InlineData("jail:www:cputime:log=9223372036855", 21, "stores ×10^6")]
    [InlineData("jail:www:maxproc:deny=1/", 24, "missing per")]
    [InlineData("jail:www:maxproc:deny=1/host", 24, "unknown per 'host'")]
    [InlineData("jail:www:maxproc:deny=1/j", 24, "unknown per 'j'")]
    [InlineData("jail:www", 8, "missing ':' after the subject id")]
    [InlineData("jail", 4, "missing ':' after the subject")]
    [InlineData("jail:www:maxproc", 16, "missing ':' after the resource")]
    [InlineData("jail:www:maxproc:deny=1:x", 23, "unexpected ':'")]
    [InlineData("jail:a,b:maxproc:deny=1", 6, "',' separates rules")]
    [InlineData("jail:www:cputime:deny=10", 17, "cannot deny cputime")]
    [InlineData("jail:www:wallclock:deny=10", 19, "cannot deny wallclock")]
    [InlineData("jail:www:readbps:deny=10", 17, "cannot deny readbps")]
    [InlineData("jail:www:pcpu:throttle=10", 14, "throttle works only on")]
    [InlineData("jail:www:maxproc:throttle=10", 17, "throttle works only on")]
    [InlineData("jail:www:shmsize:deny=10/process", 25, "cannot be counted /process")]
    public void A_bad_rule_is_refused_with_the_position_and_the_reason(string text, int position, string reason)
    {
        var error = Assert.Throws<RctlRuleSyntaxException>(() => RctlRule.Parse(text));

        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
        Assert.Equal(position, error.Position);
        Assert.Contains($"column {position + 1}", error.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<FormatException>(error);
    }

    [Fact]
    public void A_jail_name_longer_than_the_kernel_allows_is_refused()
    {
        string name = new('a', 256);
        var error = Assert.Throws<RctlRuleSyntaxException>(() => RctlRule.Parse($"jail:{name}:maxproc:deny=1"));

        Assert.Contains("ENAMETOOLONG", error.Reason, StringComparison.Ordinal);
        Assert.Equal(100, RctlRule.Parse($"jail:{new string('a', 255)}:maxproc:deny=100").Amount);
    }

    [Theory]
    [InlineData("jail:www:memoryuse:deny=1g")]   // not deniable in the racct sense, but the kernel enforces it
    [InlineData("jail:www:pcpu:deny=50")]
    [InlineData("jail:www:readiops:throttle=100")]
    [InlineData("jail:www:shmsize:deny=1g")]
    [InlineData("jail:www:nthr:deny=100/process")]
    public void Combinations_the_kernel_accepts_parse(string text)
    {
        Assert.Equal(text.Replace("1g", "1073741824", StringComparison.Ordinal), RctlRule.Parse(text).ToString());
    }

    [Fact]
    public void The_largest_cputime_the_kernel_can_scale_is_accepted()
    {
        Assert.Equal(long.MaxValue / 1_000_000, RctlRule.Parse($"jail:www:cputime:log={long.MaxValue / 1_000_000}").Amount);
    }
}
