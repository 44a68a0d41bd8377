using System.Diagnostics;

namespace JailMetrics.FreeBsd.Tests.RcD;

/// <summary>
/// rc.d/jailmetrics: its syntax, the rcorder(8) header, the rc.conf variables, and — run against a
/// stand-in for /etc/rc.subr that assembles the command line the way run_rc_command does
/// (<c>$command $rc_flags $command_args</c>, su to <c>${name}_user</c>) — the command it would start.
/// </summary>
public sealed class RcScriptTests : IDisposable
{
    private static readonly string Script = Path.Combine(RepositoryRoot(), "rc.d", "jailmetrics");
    private readonly string _directory = Directory.CreateTempSubdirectory("jm-rcd-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void The_script_parses_with_sh_n()
    {
        var (status, output) = Run("sh", "-n", Script);

        Assert.True(status == 0, output);
    }

    [Fact]
    public void The_rcorder_header_names_the_service_its_dependencies_and_shutdown()
    {
        string[] lines = File.ReadAllLines(Script);

        Assert.Equal("#!/bin/sh", lines[0]);
        Assert.Contains("# PROVIDE: jailmetrics", lines);
        Assert.Contains("# REQUIRE: LOGIN NETWORKING", lines);
        Assert.Contains("# KEYWORD: shutdown", lines);
    }

    [Theory]
    [InlineData("name=\"jailmetrics\"")]
    [InlineData("rcvar=\"jailmetrics_enable\"")]
    [InlineData("load_rc_config $name")]
    [InlineData(": ${jailmetrics_enable:=\"NO\"}")]
    [InlineData(": ${jailmetrics_config=\"/usr/local/etc/jailmetrics.json\"}")]
    [InlineData(": ${jailmetrics_flags=\"\"}")]
    [InlineData(": ${jailmetrics_user=\"root\"}")]
    [InlineData(": ${jailmetrics_dotnet=\"/usr/local/bin/dotnet\"}")]
    [InlineData(": ${jailmetrics_dll=\"/usr/local/libexec/jailmetrics/jailmetrics.dll\"}")]
    [InlineData("pidfile=\"/var/run/${name}.pid\"")]
    [InlineData("command=\"/usr/sbin/daemon\"")]
    [InlineData("run_rc_command \"$1\"")]
    public void The_script_sets_the_rc_variables(string line)
    {
        Assert.Contains(line, File.ReadAllLines(Script));
    }

    [Fact]
    public void With_defaults_daemon_supervises_dotnet_with_the_config_file()
    {
        var started = Start(rcConf: "jailmetrics_enable=YES");

        Assert.Equal(
            "/usr/sbin/daemon -P /var/run/jailmetrics.pid -r -S -T jailmetrics -u root " +
            "/usr/local/bin/dotnet /usr/local/libexec/jailmetrics/jailmetrics.dll --config.file /usr/local/etc/jailmetrics.json",
            started.CommandLine);
        Assert.Equal("", started.SuUser);
        Assert.Equal("/var/run/jailmetrics.pid", started.PidFile);
        Assert.Equal("/usr/local/etc/jailmetrics.json /usr/local/libexec/jailmetrics/jailmetrics.dll", started.RequiredFiles);
    }

    [Fact]
    public void Flags_go_to_jailmetrics_not_to_daemon_and_the_user_to_daemon_not_su()
    {
        var started = Start(rcConf: """
            jailmetrics_enable=YES
            jailmetrics_flags="--log.level debug --web.listen-address :9452"
            jailmetrics_user=jailmetrics
            jailmetrics_config=/etc/jm.json
            """);

        Assert.Equal(
            "/usr/sbin/daemon -P /var/run/jailmetrics.pid -r -S -T jailmetrics -u jailmetrics " +
            "/usr/local/bin/dotnet /usr/local/libexec/jailmetrics/jailmetrics.dll --config.file /etc/jm.json " +
            "--log.level debug --web.listen-address :9452",
            started.CommandLine);
        Assert.Equal("", started.SuUser);
    }

    [Fact]
    public void An_empty_config_setting_passes_no_config_file()
    {
        var started = Start(rcConf: "jailmetrics_config=\"\"");

        Assert.DoesNotContain("--config.file", started.CommandLine, StringComparison.Ordinal);
        Assert.EndsWith("jailmetrics.dll", started.CommandLine, StringComparison.Ordinal);
    }

    private sealed record Started(string CommandLine, string SuUser, string PidFile, string RequiredFiles);

    /// <summary>Runs the script with a stand-in rc.subr that prints what run_rc_command would execute.</summary>
    private Started Start(string rcConf)
    {
        string conf = Path.Combine(_directory, "rc.conf");
        File.WriteAllText(conf, rcConf + "\n");
        string rcSubr = Path.Combine(_directory, "rc.subr");
        File.WriteAllText(rcSubr, $$"""
            load_rc_config() { . '{{conf}}'; }
            run_rc_command() {
                eval rc_flags=\$${name}_flags
                eval _user=\$${name}_user
                echo "command=$(echo $command $rc_flags $command_args)"
                echo "su=$_user"
                echo "pidfile=$pidfile"
                echo "required=$(echo $required_files)"
            }
            """);
        string script = Path.Combine(_directory, "jailmetrics");
        File.WriteAllText(script, File.ReadAllText(Script).Replace(". /etc/rc.subr", $". '{rcSubr}'", StringComparison.Ordinal));

        var (status, output) = Run("sh", script, "start");
        Assert.True(status == 0, output);
        var values = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "");
        return new Started(values["command"], values["su"], values["pidfile"], values["required"]);
    }

    private static (int Status, string Output) Run(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            if (File.Exists(Path.Combine(directory.FullName, "JailMetrics.sln"))) return directory.FullName;
        throw new InvalidOperationException("JailMetrics.sln not found above " + AppContext.BaseDirectory);
    }
}
