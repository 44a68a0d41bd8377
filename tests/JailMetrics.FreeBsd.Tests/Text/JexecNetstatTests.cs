using System.Diagnostics;
using JailMetrics.FreeBsd.Text;
using Microsoft.Extensions.Logging;

namespace JailMetrics.FreeBsd.Tests.Text;

/// <summary>
/// The runner against stand-in executables: shell scripts in place of jexec(8) that print a captured
/// netstat answer, hang, or fail — the process handling is the same on Linux as on FreeBSD.
/// </summary>
public sealed class JexecNetstatTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("jm-jexec-").FullName;
    private readonly RecordingLogger<JexecNetstat> _logger = new();

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void It_runs_jexec_with_the_jid_and_netstat_arguments_and_parses_the_output()
    {
        string json = Path.Combine(_directory, "netstat.json");
        File.WriteAllText(json, NetstatFixtures.VnetJail);
        string arguments = Path.Combine(_directory, "arguments");
        string jexec = Script("jexec", $"printf '%s\\n' \"$@\" > '{arguments}'\ncat '{json}'");

        var interfaces = Runner(jexec).Read(7, CancellationToken.None);

        Assert.NotNull(interfaces);
        Assert.Equal(["epair0b", "lo0"], interfaces.Select(i => i.Name));
        Assert.Equal(["-l", "7", "/usr/bin/netstat", "-ibn", "-d", "--libxo", "json"], File.ReadAllLines(arguments));
    }

    [Fact]
    public void A_run_past_the_timeout_is_killed_and_gives_null()
    {
        string pidFile = Path.Combine(_directory, "pid");
        string jexec = Script("jexec", $"echo $$ > '{pidFile}'\nexec sleep 30");

        var clock = Stopwatch.StartNew();
        var interfaces = Runner(jexec, TimeSpan.FromMilliseconds(300)).Read(3, CancellationToken.None);

        Assert.Null(interfaces);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        Assert.True(ProcessGone(int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture)),
            "the hung child was not killed");
        Assert.Contains(_logger.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("did not finish within", StringComparison.Ordinal));
    }

    [Fact]
    public void A_non_zero_exit_gives_null_and_logs_stderr()
    {
        string jexec = Script("jexec", "echo 'jexec: jail \"9\" not found' >&2\nexit 1");

        Assert.Null(Runner(jexec).Read(9, CancellationToken.None));
        Assert.Contains(_logger.Entries, e => e.Level == LogLevel.Warning
            && e.Message.Contains("exited with status 1", StringComparison.Ordinal)
            && e.Message.Contains("jail \"9\" not found", StringComparison.Ordinal));
    }

    [Fact]
    public void Unreadable_output_gives_null()
    {
        string jexec = Script("jexec", "echo 'netstat: unknown option'");

        Assert.Null(Runner(jexec).Read(1, CancellationToken.None));
        Assert.Contains(_logger.Entries, e => e.Message.Contains("unreadable output", StringComparison.Ordinal));
    }

    [Fact]
    public void A_missing_jexec_gives_null()
    {
        Assert.Null(Runner(Path.Combine(_directory, "no-such-jexec")).Read(1, CancellationToken.None));
        Assert.Contains(_logger.Entries, e => e.Message.Contains("Cannot run", StringComparison.Ordinal));
    }

    [Fact]
    public void Cancellation_by_the_caller_kills_the_run_and_propagates()
    {
        string jexec = Script("jexec", "exec sleep 30");
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        Assert.ThrowsAny<OperationCanceledException>(() => Runner(jexec, TimeSpan.FromSeconds(20)).Read(1, cancel.Token));
    }

    private JexecNetstat Runner(string jexec, TimeSpan? timeout = null) =>
        new(new JexecNetstatOptions { JexecPath = jexec, Timeout = timeout ?? TimeSpan.FromSeconds(5) }, _logger);

    private string Script(string name, string body)
    {
        string path = Path.Combine(_directory, name);
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    private static bool ProcessGone(int pid)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(5))
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                if (process.HasExited) return true;
            }
            catch (ArgumentException)
            {
                return true;
            }
            Thread.Sleep(50);
        }
        return false;
    }
}
