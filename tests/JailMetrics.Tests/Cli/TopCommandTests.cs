using System.Globalization;
using System.Text.RegularExpressions;
using JailMetrics.Testing;
using JailMetrics.Tests.Support;

namespace JailMetrics.Tests.Cli;

/// <summary><c>jailmetrics top</c> in a real terminal (tmux) with a live sandbox jail, and without one.</summary>
public sealed class TopCommandTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Top_shows_the_sandbox_jail_live_resorts_on_a_key_and_quits_on_q_restoring_the_terminal()
    {
        var options = new SandboxOptions { Processes = 4, RssBytes = 32L << 20, Network = false };
        using var sandbox = Sandbox.Start(options);
        using var tmux = TmuxSession.Start(width: 160, height: 40);
        string dotnet = Prerequisites.RequireCommand("dotnet");

        tmux.TypeLine("echo shell-before-top");
        await tmux.WaitForScreenAsync(s => s.Contains("\nshell-before-top", StringComparison.Ordinal), Patience, "the shell");
        tmux.TypeLine($"{dotnet} {ServiceProcess.DllPath} top --delay 500ms; echo \"top exited with $?\"");

        string screen = await tmux.WaitForScreenAsync(s => RowOf(s, sandbox.Name) is not null && s.Contains("sort: cpu", StringComparison.Ordinal), Patience, "the sandbox's row");
        Assert.Equal("1", tmux.Format("#{alternate_on}"));
        Assert.Equal("0", tmux.Format("#{cursor_flag}"));
        Assert.DoesNotContain("shell-before-top", screen, StringComparison.Ordinal);
        string[] row = RowOf(screen, sandbox.Name)!;
        Assert.Equal(sandbox.PidNamespaceInode.ToString(CultureInfo.InvariantCulture), row[1]);
        Assert.InRange(double.Parse(row[2], CultureInfo.InvariantCulture), 0, 100 * Environment.ProcessorCount); // %CPU of an idle workload
        Assert.Matches(@"^\d+\.\dM$", row[3]); // at least the 32 MiB the workload touched
        Assert.True(double.Parse(row[3][..^1], CultureInfo.InvariantCulture) >= 32, $"MEM {row[3]} is below the workload's 32M");
        Assert.Equal(options.Processes.ToString(CultureInfo.InvariantCulture), row[5]);
        var lines = screen.Split('\n');
        int heading = Array.FindIndex(lines, l => l.StartsWith("NAME ", StringComparison.Ordinal));
        Assert.StartsWith("host ", lines[heading + 1], StringComparison.Ordinal); // the host first, then the jails

        tmux.SendKey("n");
        await tmux.WaitForScreenAsync(s => s.Contains("sort: name", StringComparison.Ordinal), Patience, "the order changed to name");

        tmux.SendKey("q");
        string after = await tmux.WaitForScreenAsync(s => s.Contains("top exited with 0", StringComparison.Ordinal), Patience, "top exiting");
        Assert.Equal("0", tmux.Format("#{alternate_on}"));
        Assert.Equal("1", tmux.Format("#{cursor_flag}"));
        // The shell's screen is back as it was: what was typed before top, none of top's frame.
        Assert.Contains("shell-before-top", after, StringComparison.Ordinal);
        Assert.DoesNotContain("PROCS", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ctrl_c_quits_top_too()
    {
        using var tmux = TmuxSession.Start(width: 120, height: 30);
        string dotnet = Prerequisites.RequireCommand("dotnet");
        tmux.TypeLine($"{dotnet} {ServiceProcess.DllPath} top; echo \"top exited with $?\"");
        await tmux.WaitForScreenAsync(s => RowOf(s, "host") is not null, Patience, "top's host row");

        tmux.SendKey("C-c");

        await tmux.WaitForScreenAsync(s => s.Contains("top exited with 0", StringComparison.Ordinal), Patience, "top exiting");
        Assert.Equal("0", tmux.Format("#{alternate_on}"));
        Assert.Equal("1", tmux.Format("#{cursor_flag}"));
    }

    [Fact]
    public void Without_a_terminal_top_prints_one_frame_and_exits()
    {
        var (exitCode, stdout, stderr) = ServiceProcess.Run("top", "--sort", "mem");

        Assert.True(exitCode == 0, $"top failed ({exitCode}): {stderr}");
        Assert.Contains("sort: mem", stdout, StringComparison.Ordinal);
        Assert.NotNull(RowOf(stdout, "host"));
        Assert.DoesNotContain("\e[", stdout, StringComparison.Ordinal);
    }

    /// <summary>The cells of the table row of jail <paramref name="name"/>, or null when the screen has none.</summary>
    private static string[]? RowOf(string screen, string name) =>
        screen.Split('\n').FirstOrDefault(l => Regex.IsMatch(l, $@"^{Regex.Escape(name)} +\d+ +\d+\.\d "))?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
}
