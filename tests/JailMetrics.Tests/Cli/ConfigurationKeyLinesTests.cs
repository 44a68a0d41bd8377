using System.Text;
using JailMetrics.Service.Cli;

namespace JailMetrics.Tests.Cli;

public sealed class ConfigurationKeyLinesTests
{
    private static readonly ConfigurationKeyLines Lines = ConfigurationKeyLines.Read(Encoding.UTF8.GetBytes("""
        {
          // a comment, as the configuration provider allows
          "Sampling": { "Interval": "10x" },
          "web": {
            "ListenAddresses": [
              "127.0.0.1:1",
              "bad"
            ],
          },
          "Alerts": { "Rules": [
            { "Name": "a",
              "Rule": "jail:x:memoryuze:alert=1" }
          ] }
        }
        """));

    [Theory]
    [InlineData("Sampling:Interval (--sampling.interval, JAILMETRICS_Sampling__Interval): '10x' is not a duration", 3)]
    [InlineData("Web:ListenAddresses:1: 'bad' is not an address", 7)] // keys match ignoring case, list items by index
    [InlineData("Web:Nope: unknown setting", 4)]                      // the nearest key the file has
    [InlineData("Alerts:Rules:0: alert rule [0] \"a\": Rule \"jail:x:memoryuze:alert=1\" at column 8: unknown resource", 12)]
    public void A_fault_points_at_the_line_of_its_key(string fault, int line) => Assert.Equal(line, Lines.LineOf(fault));

    [Fact]
    public void A_fault_about_a_key_the_file_lacks_has_no_line() =>
        Assert.Null(Lines.LineOf("State:Directory (--state.directory, JAILMETRICS_State__Directory): must name a directory"));
}
