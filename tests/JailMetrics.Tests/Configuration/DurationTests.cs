using JailMetrics.Service.Configuration;

namespace JailMetrics.Tests.Configuration;

public sealed class DurationTests
{
    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("10s", 10_000)]
    [InlineData("1m", 60_000)]
    [InlineData("1m30s", 90_000)]
    [InlineData("2h", 7_200_000)]
    [InlineData("1d", 86_400_000)]
    [InlineData("00:00:10", 10_000)]
    [InlineData("00:01:00.5", 60_500)]
    [InlineData(" 10s ", 10_000)]
    public void Parses_prometheus_and_timespan_durations(string text, long milliseconds)
    {
        Assert.True(Duration.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("10")]
    [InlineData("10x")]
    [InlineData("s")]
    [InlineData("10s1m")]
    [InlineData("-5s")]
    [InlineData("1.5s")]
    [InlineData("-00:00:01")]
    public void Rejects_what_is_not_a_duration(string text) => Assert.False(Duration.TryParse(text, out _));

    [Theory]
    [InlineData(10_000, "10s")]
    [InlineData(90_000, "1m30s")]
    [InlineData(500, "500ms")]
    [InlineData(0, "0s")]
    public void Formats_the_shortest_prometheus_form(long milliseconds, string text) =>
        Assert.Equal(text, Duration.Format(TimeSpan.FromMilliseconds(milliseconds)));
}
