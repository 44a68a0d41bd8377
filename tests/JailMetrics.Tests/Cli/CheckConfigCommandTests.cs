using JailMetrics.Tests.Support;

namespace JailMetrics.Tests.Cli;

/// <summary><c>jailmetrics check-config FILE</c>: the service's own validation, reported with file and line.</summary>
public sealed class CheckConfigCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("jailmetrics-check-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_good_file_is_ok_with_exit_code_0()
    {
        string file = Write("good.json", """
            {
              "Sampling": { "Interval": "5s" },
              "Alerts": { "Rules": [ { "Name": "procs", "Rule": "jail:jmtest-*:maxproc:alert=100" } ] }
            }
            """);

        var (exitCode, stdout, stderr) = ServiceProcess.Run("check-config", file);

        Assert.Equal(0, exitCode);
        Assert.Equal($"{file}: ok", stdout.Trim());
        Assert.Equal("", stderr.Trim());
    }

    [Fact]
    public void Bad_values_are_reported_one_per_line_with_file_line_and_reason_and_exit_code_2()
    {
        string file = Write("bad.json", """
            {
              "Sampling": {
                "Interval": "10x"
              },
              "Web": { "Bogus": 1 },
              "Alerts": {
                "Rules": [
                  { "Name": "typo",
                    "Rule": "jail:db*:memoryuze:alert=80%" }
                ]
              }
            }
            """);

        var (exitCode, stdout, stderr) = ServiceProcess.Run("check-config", file);

        Assert.Equal(2, exitCode);
        Assert.Equal("", stdout.Trim());
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        Assert.Contains($"{file}:3: Sampling:Interval (--sampling.interval, JAILMETRICS_Sampling__Interval): '10x' is not a duration; write it as 500ms, 10s, 1m or 00:00:10", lines);
        Assert.Contains($"{file}:5: Web:Bogus: unknown setting; Web has ListenAddresses, TelemetryPath, ConfigFile", lines);
        Assert.Contains(lines, l => l.StartsWith($"{file}:9: Alerts:Rules:0: alert rule [0] \"typo\": Rule \"jail:db*:memoryuze:alert=80%\" at column 10: unknown resource 'memoryuze'", StringComparison.Ordinal));
        Assert.Equal(3, lines.Count);
    }

    [Fact]
    public void A_malformed_file_is_reported_with_its_line_and_column()
    {
        string file = Write("malformed.json", "{\n  \"Sampling\": {\n    \"Interval\" \"10s\"\n  }\n}\n");

        var (exitCode, _, stderr) = ServiceProcess.Run("check-config", file);

        Assert.Equal(2, exitCode);
        Assert.Equal($"jailmetrics check-config: configuration file {file}: line 3, column 16: '\"' is invalid after a property name. Expected a ':'.", stderr.Trim());
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        string file = Path.Combine(_directory, "absent.json");

        var (exitCode, _, stderr) = ServiceProcess.Run("check-config", file);

        Assert.Equal(2, exitCode);
        Assert.Equal($"jailmetrics check-config: configuration file {file}: no such file", stderr.Trim());
    }

    [Fact]
    public void An_unknown_command_gets_a_suggestion_and_exit_code_2()
    {
        var typo = ServiceProcess.Run("check-confg", "x.json");
        Assert.Equal(2, typo.ExitCode);
        Assert.Contains("jailmetrics: did you mean 'check-config' instead of 'check-confg'?", typo.Stderr, StringComparison.Ordinal);
        Assert.Contains("Run 'jailmetrics --help' for usage.", typo.Stderr, StringComparison.Ordinal);

        var unknown = ServiceProcess.Run("frobnicate");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Matches("'frobnicate' is not a command; the commands are .*collect.*snapshot.*top.*check-config", unknown.Stderr);

        var flag = ServiceProcess.Run("snapshot", "--jsn");
        Assert.Equal(2, flag.ExitCode);
        Assert.Contains("did you mean '--json' instead of '--jsn'?", flag.Stderr, StringComparison.Ordinal);
        Assert.Contains("Run 'jailmetrics snapshot --help' for usage.", flag.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_lists_the_commands()
    {
        var help = ServiceProcess.Run("--help");
        Assert.Equal(0, help.ExitCode);
        foreach (string command in new[] { "collect", "snapshot", "top", "check-config" })
            Assert.Contains(command, help.Stdout, StringComparison.Ordinal);
    }

    private string Write(string name, string content)
    {
        string path = Path.Combine(_directory, name);
        File.WriteAllText(path, content + "\n");
        return path;
    }
}
