using JailMetrics.Alerts;
using JailMetrics.Model;
using static JailMetrics.Core.Tests.Alerts.AlertTesting;

namespace JailMetrics.Core.Tests.Alerts;

/// <summary>The rule language: every accepted form, and every refusal with its rule, field, column and text.</summary>
public sealed class AlertRuleParserTests
{
    [Fact]
    public void A_rule_in_one_line_with_every_field()
    {
        var rule = ValidRules(new AlertRuleOptions
        {
            Name = "db-memory",
            Rule = "jail:db*:memoryuse:alert=80%",
            For = "5m",
            Clear = "70%",
            Severity = "critical",
            Notify = ["snmp", "Alertmanager", "log", "webhook"],
            Enforce = "jail:$name:pcpu:deny=50",
            Sticky = true,
        })[0];

        Assert.Equal("db-memory", rule.Name);
        Assert.Equal(0, rule.Index);
        Assert.Equal("db*", rule.Jails.Pattern);
        Assert.Equal(Resource.MemoryUse, rule.Resource);
        Assert.Equal(new JailLimitPercentThreshold(80), rule.Threshold);
        Assert.Equal(new JailLimitPercentThreshold(70), rule.Clear);
        Assert.Equal(TimeSpan.FromMinutes(5), rule.For);
        Assert.Equal(AlertSeverity.Critical, rule.Severity);
        Assert.Equal([AlertNotifyTarget.Snmp, AlertNotifyTarget.Alertmanager, AlertNotifyTarget.Log, AlertNotifyTarget.Webhook], rule.Notify.AsEnumerable());
        Assert.Equal("jail:db7:pcpu:deny=50", rule.Enforce!.For("db7").ToString());
        Assert.True(rule.Sticky);
        Assert.Equal("jail:db*:memoryuse:alert=80%", rule.ToString());
    }

    [Fact]
    public void Match_and_threshold_apart_mean_the_same_as_one_line()
    {
        var apart = ValidRules(new AlertRuleOptions { Name = "a", Match = "jail:www:vmemoryuse", Threshold = "2g" })[0];
        var oneLine = Rule("a", "jail:www:vmemoryuse:alert=2g");

        Assert.Equal(oneLine.Jails, apart.Jails);
        Assert.Equal(oneLine.Resource, apart.Resource);
        Assert.Equal(oneLine.Threshold, apart.Threshold);
    }

    [Fact]
    public void Defaults_are_warning_no_wait_no_hysteresis_no_notifier_no_enforcement()
    {
        var rule = Rule("r", "jail:*:maxproc:alert=100");

        Assert.Equal(AlertSeverity.Warning, rule.Severity);
        Assert.Equal(TimeSpan.Zero, rule.For);
        Assert.Null(rule.Clear);
        Assert.Equal(rule.Threshold, rule.ClearThreshold);
        Assert.Empty(rule.Notify);
        Assert.Null(rule.Enforce);
        Assert.False(rule.Sticky);
    }

    [Theory]
    [InlineData("jail:www:memoryuse:alert=512m", 536870912d)]
    [InlineData("jail:www:memoryuse:alert=2G", 2147483648d)]
    [InlineData("jail:www:swapuse:alert=1t", 1099511627776d)]
    [InlineData("jail:www:swapuse:alert=0", 0d)]
    [InlineData("jail:www:pcpu:alert=90", 90d)]
    [InlineData("jail:www:cputime:alert=3600", 3600d)]
    [InlineData("jail:www:readbps:alert=10m", 10485760d)]
    [InlineData("j:www:maxproc:alert=100", 100d)]
    [InlineData("JAIL:www:MaxProc:ALERT=100", 100d)]
    [InlineData("jail:www:maxproc:alert=100/jail", 100d)]
    [InlineData("  jail:www:maxproc:alert=100  ", 100d)]
    public void Absolute_amounts_read_as_rctl_reads_them(string text, double amount)
    {
        Assert.Equal(new AbsoluteThreshold(amount), Rule("r", text).Threshold);
    }

    [Theory]
    [InlineData("jail:db:memoryuse:alert=80%", 80d)]
    [InlineData("jail:db:pcpu:alert=12.5%", 12.5d)]
    [InlineData("jail:db:readbps:alert=90%", 90d)] // capped by a throttle rule
    public void Percent_of_the_jails_own_limit(string text, double percent)
    {
        Assert.Equal(new JailLimitPercentThreshold(percent), Rule("r", text).Threshold);
    }

    [Theory]
    [InlineData("jail:*:shmsize:alert=80%host.shmall", HostIpcLimit.ShmAllBytes)]
    [InlineData("jail:*:shmsize:alert=80%host.shmmax", HostIpcLimit.ShmMaxBytes)]
    [InlineData("jail:*:nshm:alert=80%HOST.shmmni", HostIpcLimit.ShmMni)]
    [InlineData("jail:*:nsem:alert=80%host.semmns", HostIpcLimit.SemMns)]
    [InlineData("jail:*:nsemop:alert=80%host.semopm", HostIpcLimit.SemOpm)]
    [InlineData("jail:*:nmsgq:alert=80%host.msgmni", HostIpcLimit.MsgMni)]
    [InlineData("jail:*:msgqsize:alert=80%host.msgmnb", HostIpcLimit.MsgMnbBytes)]
    public void Percent_of_a_host_ipc_limit(string text, HostIpcLimit limit)
    {
        var threshold = Rule("r", text).Threshold;

        Assert.Equal(new HostLimitPercentThreshold(80, limit), threshold);
        Assert.StartsWith("80%host.", threshold.ToString());
    }

    [Theory]
    [InlineData("0", 0)]
    [InlineData("30s", 30)]
    [InlineData("5m", 300)]
    [InlineData("1h30m", 5400)]
    [InlineData("2d", 172800)]
    [InlineData("1m500ms", 60.5)]
    public void Durations(string text, double seconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(seconds), ValidRules(new AlertRuleOptions { Name = "r", Rule = "jail:a:maxproc:alert=1", For = text })[0].For);
    }

    [Theory]
    [InlineData("Rule", "", 1, "the rule is empty")]
    [InlineData("Rule", "jail", 5, "missing ':' after the subject")]
    [InlineData("Rule", "jail:www", 9, "missing ':' after the jail name or glob")]
    [InlineData("Rule", "jail:www:memoryuse", 19, "missing ':alert=<threshold>'")]
    [InlineData("Rule", "jail:www:memoryuse:alert=1:2", 27, "unexpected ':'")]
    [InlineData("Rule", ":www:memoryuse:alert=1", 1, "missing subject")]
    [InlineData("Rule", "user:80:memoryuse:alert=1", 1, "subject must be 'jail', not 'user'")]
    [InlineData("Rule", "u:80:memoryuse:alert=1", 1, "subject must be 'jail', not 'u'")]
    [InlineData("Rule", "host:x:memoryuse:alert=1", 1, "unknown subject 'host'")]
    [InlineData("Rule", "jail::memoryuse:alert=1", 6, "missing jail name or glob")]
    [InlineData("Rule", "jail:a,b:memoryuse:alert=1", 7, "','")]
    [InlineData("Rule", "jail:www::alert=1", 10, "missing resource")]
    [InlineData("Rule", "jail:www:memory:alert=1", 10, "unknown resource 'memory'")]
    [InlineData("Rule", "jail:www:io_read_bytes:alert=1", 10, "unknown resource 'io_read_bytes'")]
    [InlineData("Rule", "jail:www:memoryuse:alert", 25, "missing '=<threshold>'")]
    [InlineData("Rule", "jail:www:memoryuse:=1", 20, "missing action")]
    [InlineData("Rule", "jail:www:memoryuse:deny=1g", 20, "'deny' is an rctl action")]
    [InlineData("Rule", "jail:www:memoryuse:warn=1g", 20, "unknown action 'warn'")]
    [InlineData("Rule", "jail:www:memoryuse:alert=", 26, "the threshold is empty")]
    [InlineData("Rule", "jail:www:memoryuse:alert=1x", 26, "unknown unit 'x'")]
    [InlineData("Rule", "jail:www:memoryuse:alert=1.5g", 26, "unknown unit '.5g'")]
    [InlineData("Rule", "jail:www:memoryuse:alert=-1", 26, "does not start with a decimal digit")]
    [InlineData("Rule", "jail:www:memoryuse:alert=99999999999999999999", 26, "does not fit in 64 bits")]
    [InlineData("Rule", "jail:www:memoryuse:alert=x%", 26, "'x%' is not a percentage")]
    [InlineData("Rule", "jail:www:memoryuse:alert=8e1%", 26, "'8e1%' is not a percentage")]
    [InlineData("Rule", "jail:www:memoryuse:alert=80%%", 29, "unexpected '%' after '%'")]
    [InlineData("Rule", "jail:www:memoryuse:alert=80%jail", 29, "unexpected 'jail' after '%'")]
    [InlineData("Rule", "jail:www:cputime:alert=80%", 24, "cputime cannot be denied or throttled")]
    [InlineData("Rule", "jail:www:wallclock:alert=80%", 26, "wallclock cannot be denied or throttled")]
    [InlineData("Rule", "jail:www:shmsize:alert=80%host.shmfoo", 32, "unknown host IPC limit 'shmfoo'")]
    [InlineData("Rule", "jail:www:shmsize:alert=80%host.semmni", 32, "host.semmni does not bound shmsize; use host.shmall or host.shmmax")]
    [InlineData("Rule", "jail:www:memoryuse:alert=80%host.shmall", 34, "memoryuse is not bounded by a host IPC limit")]
    [InlineData("Rule", "jail:www:memoryuse:alert=1g/", 29, "missing per")]
    [InlineData("Rule", "jail:www:memoryuse:alert=1g/process", 29, "/process cannot be evaluated")]
    [InlineData("Rule", "jail:www:memoryuse:alert=1g/group", 29, "unknown per 'group'")]
    [InlineData("Match", "jail:www:memoryuse:alert=1", 19, "unexpected ':' after the resource")]
    [InlineData("Match", "jail:www", 9, "missing ':' after the jail name or glob")]
    [InlineData("For", "5", 2, "missing unit after 5")]
    [InlineData("For", "5 m", 2, "missing unit after 5")]
    [InlineData("For", "5min", 2, "unknown unit 'min'")]
    [InlineData("For", "m5", 1, "expected a whole number")]
    [InlineData("For", "1h-5m", 3, "expected a whole number")]
    [InlineData("For", "", 1, "the duration is empty")]
    [InlineData("For", "9999999999s", 1, "too large")]
    [InlineData("Enforce", "jail:$name:pcpu:deny=50x", 22, "unknown unit 'x'")]
    [InlineData("Enforce", "jail:$name:cputime:deny=50", 20, "the kernel cannot deny cputime")]
    [InlineData("Enforce", "jail:$name:pcpu", 16, "missing ':' after the resource")]
    [InlineData("Enforce", "user:80:pcpu:deny=50", 1, "must be a jail rule")]
    [InlineData("Enforce", "jail:$nmae:pcpu:deny=50", 6, "'$' is not followed by 'name'")]
    public void Each_malformed_text_is_reported_with_its_column(string field, string text, int column, string reason)
    {
        var options = new AlertRuleOptions { Name = "bad" };
        switch (field)
        {
            case "Rule": options.Rule = text; break;
            case "Match": options.Match = text; options.Threshold = "1"; break;
            case "For": options.Rule = "jail:a:maxproc:alert=1"; options.For = text; break;
            case "Enforce": options.Rule = "jail:a:maxproc:alert=1"; options.Enforce = text; break;
        }

        var set = AlertRuleParser.Parse([options]);

        var error = Assert.Single(set.Errors);
        Assert.Empty(set.Rules);
        Assert.Equal((0, "bad", field, text, (int?)column), (error.Index, error.RuleName, error.Field, error.Text, error.Column));
        Assert.Contains(reason, error.Reason);
    }

    [Theory]
    [InlineData("2x", 1, "unknown unit 'x'")]
    [InlineData("80%host.nope", 9, "unknown host IPC limit 'nope'")]
    [InlineData("", 1, "the threshold is empty")]
    public void A_threshold_apart_is_reported_with_its_own_column(string threshold, int column, string reason)
    {
        var error = Assert.Single(AlertRuleParser.Parse([new AlertRuleOptions { Name = "t", Match = "jail:x:shmsize", Threshold = threshold }]).Errors);

        Assert.Equal(("Threshold", threshold, (int?)column), (error.Field, error.Text, error.Column));
        Assert.Contains(reason, error.Reason);
    }

    [Theory]
    [InlineData("jail:a:memoryuse:alert=80%", "90%", "must not be above the threshold 80%")]
    [InlineData("jail:a:memoryuse:alert=80%", "1g", "same form as the threshold 80%")]
    [InlineData("jail:a:memoryuse:alert=1g", "70%", "same form as the threshold 1073741824")]
    [InlineData("jail:a:shmsize:alert=80%host.shmall", "70%host.shmmax", "same form")]
    [InlineData("jail:a:memoryuse:alert=1g", "2g", "must not be above")]
    public void Clear_must_be_of_the_thresholds_form_and_not_above_it(string rule, string clear, string reason)
    {
        var error = Assert.Single(AlertRuleParser.Parse([new AlertRuleOptions { Name = "c", Rule = rule, Clear = clear }]).Errors);

        Assert.Equal(("Clear", clear), (error.Field, error.Text));
        Assert.Contains(reason, error.Reason);
    }

    [Fact]
    public void Whole_rule_mistakes_name_the_field_without_a_column()
    {
        var set = AlertRuleParser.Parse(
        [
            new AlertRuleOptions { Rule = "jail:a:maxproc:alert=1" },
            new AlertRuleOptions { Name = "both", Rule = "jail:a:maxproc:alert=1", Match = "jail:a:maxproc" },
            new AlertRuleOptions { Name = "neither" },
            new AlertRuleOptions { Name = "no-threshold", Match = "jail:a:maxproc" },
            new AlertRuleOptions { Name = "severity", Rule = "jail:a:maxproc:alert=1", Severity = "2" },
            new AlertRuleOptions { Name = "notify", Rule = "jail:a:maxproc:alert=1", Notify = ["log", "pager"] },
            new AlertRuleOptions { Name = "sticky", Rule = "jail:a:maxproc:alert=1", Sticky = true },
        ]);

        Assert.Empty(set.Rules);
        Assert.Equal(
        [
            (0, null, "Name"),
            (1, "both", "Rule"),
            (2, "neither", "Rule"),
            (3, "no-threshold", "Threshold"),
            (4, "severity", "Severity"),
            (5, "notify", "Notify[1]"),
            (6, "sticky", "Sticky"),
        ], set.Errors.Select(e => (e.Index, e.RuleName, e.Field)));
        Assert.All(set.Errors, e => Assert.Null(e.Column));
        Assert.Equal("pager", set.Errors[5].Text);
    }

    [Fact]
    public void Every_error_of_every_rule_is_reported_and_the_valid_rules_kept()
    {
        var set = AlertRuleParser.Parse(
        [
            new AlertRuleOptions { Name = "ok", Rule = "jail:a:maxproc:alert=1" },
            new AlertRuleOptions { Name = "two-faults", Rule = "jail:a:maxproc:alert=1x", For = "soon" },
            new AlertRuleOptions { Name = "ok", Rule = "jail:b:maxproc:alert=1" },
        ]);

        Assert.False(set.IsValid);
        Assert.Equal("ok", Assert.Single(set.Rules).Name);
        Assert.Equal([(1, "Rule"), (1, "For"), (2, "Name")], set.Errors.Select(e => (e.Index, e.Field)));
        Assert.Contains("already used by alert rule [0]", set.Errors[2].Reason);
    }

    [Fact]
    public void The_error_message_carries_position_field_text_and_column()
    {
        var set = AlertRuleParser.Parse([new AlertRuleOptions { Name = "db-memory", Match = "jail:db:memoryuse", Threshold = "80x" }]);

        Assert.Equal("alert rule [0] \"db-memory\": Threshold \"80x\" at column 1: unknown unit 'x' in amount '80x' (expected k, m, g, t, p or e: powers of 1024); expected an amount (2g), a percentage of the jail's own limit (80%) or of a host IPC limit (80%host.shmall), or 'breach'",
            set.Describe());
    }
}
