using System.Diagnostics;
using System.Security.Cryptography;
using JailMetrics.Testing;

namespace JailMetrics.Tests.Cli;

/// <summary>
/// A real terminal for a full-screen program: a detached tmux session on a server of its own (its
/// own socket, so parallel tests and a user's tmux are untouched), a shell in a pane of fixed size;
/// the server is killed on dispose.
/// </summary>
internal sealed class TmuxSession : IDisposable
{
    private readonly string _tmux;
    private readonly string _socket = "jmtest-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));

    private TmuxSession(string tmux) => _tmux = tmux;

    public static TmuxSession Start(int width, int height)
    {
        var session = new TmuxSession(Prerequisites.RequireCommand("tmux"));
        session.Run("new-session", "-d", "-s", "main", "-x", width.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-y", height.ToString(System.Globalization.CultureInfo.InvariantCulture), "bash --norc --noprofile");
        return session;
    }

    /// <summary>Types <paramref name="line"/> into the pane and presses Enter.</summary>
    public void TypeLine(string line)
    {
        Run("send-keys", "-t", "main", "-l", line);
        Run("send-keys", "-t", "main", "Enter");
    }

    /// <summary>Sends one key as tmux names it (<c>q</c>, <c>C-c</c>).</summary>
    public void SendKey(string key) => Run("send-keys", "-t", "main", key);

    /// <summary>What the pane shows now, as text.</summary>
    public string Capture() => Run("capture-pane", "-p", "-t", "main");

    /// <summary>A tmux format of the pane (<c>#{alternate_on}</c>, <c>#{cursor_flag}</c>).</summary>
    public string Format(string format) => Run("display-message", "-p", "-t", "main", format).Trim();

    /// <summary>Captures until <paramref name="done"/> holds; fails with the last screen after <paramref name="timeout"/>.</summary>
    public async Task<string> WaitForScreenAsync(Func<string, bool> done, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        string screen;
        do
        {
            screen = Capture();
            if (done(screen)) return screen;
            await Task.Delay(200);
        }
        while (DateTime.UtcNow < deadline);
        Assert.Fail($"the terminal never showed {what} within {timeout}; last screen:\n{screen}");
        return screen;
    }

    public void Dispose()
    {
        try
        {
            Run("kill-server");
        }
        catch (InvalidOperationException)
        {
            // The server is gone already.
        }
    }

    private string Run(params string[] arguments)
    {
        var start = new ProcessStartInfo(_tmux) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-L");
        start.ArgumentList.Add(_socket);
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("tmux did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(10)))
        {
            process.Kill();
            throw new InvalidOperationException($"tmux {string.Join(' ', arguments)} hung");
        }
        if (process.ExitCode != 0) throw new InvalidOperationException($"tmux {string.Join(' ', arguments)} failed: {stderr.Result}");
        return stdout.Result;
    }
}
