using System.CommandLine;
using JailMetrics.Service.Cli;
using JailMetrics.Service.Configuration;

namespace JailMetrics.Tests.Configuration;

public sealed class CommandLineTests
{
    private static (int ExitCode, Launch? Launch, string Output) Run(params string[] args)
    {
        Launch? seen = null;
        var command = CommandLine.Create((launch, _) =>
        {
            seen = launch;
            return Task.FromResult(0);
        });
        var output = new StringWriter();
        int exitCode = command.Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = output });
        return (exitCode, seen, output.ToString());
    }

    [Fact]
    public void No_arguments_runs_the_service_with_its_defaults()
    {
        var (exitCode, launch, _) = Run();

        Assert.Equal(0, exitCode);
        Assert.NotNull(launch);
        Assert.Null(launch.ConfigFile);
        Assert.Empty(launch.Flags);
    }

    [Fact]
    public void Flags_become_configuration_keys_and_a_repeated_flag_a_list()
    {
        var (_, launch, _) = Run(
            "--config.file", "/etc/jailmetrics.json",
            "--web.listen-address", "127.0.0.1:1", "--web.listen-address", "[::1]:2",
            "--web.telemetry-path", "/m", "--sampling.interval", "5s", "--state.directory", "/var/tmp/jm",
            "--path.procfs", "/host/proc", "--path.sysfs", "/host/sys", "--log.level", "debug");

        Assert.Equal("/etc/jailmetrics.json", launch!.ConfigFile);
        Assert.Equal(new Dictionary<string, string?>
        {
            ["Web:ListenAddresses:0"] = "127.0.0.1:1",
            ["Web:ListenAddresses:1"] = "[::1]:2",
            ["Web:TelemetryPath"] = "/m",
            ["Sampling:Interval"] = "5s",
            ["State:Directory"] = "/var/tmp/jm",
            ["Linux:ProcRoot"] = "/host/proc",
            ["Linux:SysRoot"] = "/host/sys",
            ["Logging:LogLevel:Default"] = "debug",
        }, launch.Flags.ToDictionary());
    }

    [Fact]
    public void Help_lists_every_flag_with_its_environment_variable_and_default()
    {
        var (exitCode, launch, output) = Run("--help");

        Assert.Equal(0, exitCode);
        Assert.Null(launch);
        Assert.Contains("--config.file", output, StringComparison.Ordinal);
        Assert.Contains("--version", output, StringComparison.Ordinal);
        foreach (var setting in Settings.All)
        {
            Assert.Contains(setting.Flag, output, StringComparison.Ordinal);
            Assert.Contains(setting.EnvironmentVariable, output, StringComparison.Ordinal);
            Assert.Contains($"[default: {setting.DefaultText}]", output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void An_unknown_flag_is_an_error() => Assert.NotEqual(0, Run("--web.listen-adress", "x").ExitCode);
}
