using JailMetrics.Alerts;
using JailMetrics.Rules;

namespace JailMetrics.Core.Tests.Alerts;

public sealed class EnforcementTemplateTests
{
    [Theory]
    [InlineData("jail:$name:pcpu:deny=50", "db1", "jail:db1:pcpu:deny=50")]
    [InlineData("j:$name:memoryuse:deny=1g", "web.example", "jail:web.example:memoryuse:deny=1073741824")]
    [InlineData("jail:$name:readbps:throttle=10m", "db1", "jail:db1:readbps:throttle=10485760")]
    [InlineData("jail:$name:maxproc:deny=10/process", "db1", "jail:db1:maxproc:deny=10/process")]
    [InlineData("jail:quarantine:pcpu:deny=5", "db1", "jail:quarantine:pcpu:deny=5")]
    public void Replaces_name_with_the_jails_name(string template, string jail, string rule)
    {
        Assert.Equal(rule, EnforcementTemplate.Parse(template).For(jail).ToString());
    }

    [Fact]
    public void A_jail_name_that_cannot_stand_in_a_rule_is_refused_when_enforcing()
    {
        var template = EnforcementTemplate.Parse("jail:$name:pcpu:deny=50");

        Assert.Throws<RctlRuleSyntaxException>(() => template.For("a,b"));
    }
}
