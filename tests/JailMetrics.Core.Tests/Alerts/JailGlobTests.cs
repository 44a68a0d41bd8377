using JailMetrics.Alerts;

namespace JailMetrics.Core.Tests.Alerts;

public sealed class JailGlobTests
{
    [Theory]
    [InlineData("www", "www", true)]
    [InlineData("www", "www2", false)]
    [InlineData("www", "WWW", false)]
    [InlineData("db*", "db", true)]
    [InlineData("db*", "db1", true)]
    [InlineData("db*", "db.example.org", true)]
    [InlineData("db*", "mydb1", false)]
    [InlineData("*", "anything.at.all", true)]
    [InlineData("*.example", "web.example", true)]
    [InlineData("*.example", "web.example.org", false)]
    [InlineData("web?", "web1", true)]
    [InlineData("web?", "web", false)]
    [InlineData("web?", "web12", false)]
    [InlineData("w*b*1", "wxbyb1", true)]
    [InlineData("w*b*1", "wxbyb12", false)]
    [InlineData("a*a*a", "aaaa", true)]
    [InlineData("**", "", true)]
    [InlineData("?", "", false)]
    public void Matches_the_whole_name_with_star_and_question_mark(string pattern, string name, bool matches)
    {
        Assert.Equal(matches, JailGlob.Parse(pattern).IsMatch(name));
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData("a,b", 1)]
    [InlineData("a\tb", 1)]
    public void Refuses_what_no_jail_name_can_hold(string pattern, int position)
    {
        Assert.Equal(position, Assert.Throws<AlertSyntaxException>(() => JailGlob.Parse(pattern)).Position);
    }

    [Fact]
    public void Refuses_a_pattern_longer_than_a_jail_name()
    {
        Assert.Contains("at most 255", Assert.Throws<AlertSyntaxException>(() => JailGlob.Parse(new string('a', 256))).Reason);
    }
}
