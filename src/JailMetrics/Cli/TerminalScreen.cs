using System.Runtime.InteropServices;
using System.Text;

namespace JailMetrics.Service.Cli;

/// <summary>
/// A full-screen terminal for <c>top</c>: the alternate screen (as top and less use, so the shell's
/// screen comes back untouched), no cursor, Ctrl-C delivered as a key, and SIGTERM/SIGHUP/SIGQUIT turned
/// into a request to stop, so <see cref="Dispose"/> always gets to restore the terminal.
/// </summary>
/// <remarks>Escape sequences are xterm's (ECMA-48 plus DEC private modes 1049 and 25), which every terminal emulator and tmux understand.</remarks>
internal sealed class TerminalScreen : IDisposable
{
    private const string EnterAlternateScreen = "\e[?1049h";
    private const string LeaveAlternateScreen = "\e[?1049l";
    private const string HideCursor = "\e[?25l";
    private const string ShowCursor = "\e[?25h";
    private const string Home = "\e[H";
    private const string ClearToEndOfLine = "\e[K";
    private const string ClearToEndOfScreen = "\e[J";

    private readonly CancellationTokenSource _stop = new();
    private readonly PosixSignalRegistration[] _signals;
    private readonly bool _treatedControlCAsInput;
    private bool _disposed;

    private TerminalScreen()
    {
        _treatedControlCAsInput = Console.TreatControlCAsInput;
        Console.TreatControlCAsInput = true;
        _signals =
        [
            .. new[] { PosixSignal.SIGTERM, PosixSignal.SIGHUP, PosixSignal.SIGQUIT, PosixSignal.SIGINT }.Select(signal =>
                PosixSignalRegistration.Create(signal, context =>
                {
                    context.Cancel = true; // stop through Dispose, which restores the terminal
                    _stop.Cancel();
                })),
        ];
        Console.Out.Write(EnterAlternateScreen + HideCursor);
        Console.Out.Flush();
    }

    /// <summary>Cancelled when a signal asks the program to stop.</summary>
    public CancellationToken Stopping => _stop.Token;

    public static TerminalScreen Enter() => new();

    /// <summary>Draws <paramref name="lines"/> from the top left, cut to the window, with nothing left of the previous frame.</summary>
    public void Draw(IReadOnlyList<string> lines)
    {
        int width = Math.Max(Console.WindowWidth, 20);
        int height = Math.Max(Console.WindowHeight, 2);
        var frame = new StringBuilder(Home);
        int count = Math.Min(lines.Count, height);
        for (int i = 0; i < count; i++)
        {
            string line = lines[i];
            frame.Append(line.Length > width ? line[..width] : line).Append(ClearToEndOfLine);
            // No newline after the last row: it would scroll the screen by one.
            if (i < count - 1) frame.Append("\r\n");
        }
        frame.Append(ClearToEndOfScreen);
        Console.Out.Write(frame.ToString());
        Console.Out.Flush();
    }

    /// <summary>Waits up to <paramref name="timeout"/> for a key; null when none came or a signal asked to stop.</summary>
    public async Task<ConsoleKeyInfo?> ReadKeyAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!_stop.IsCancellationRequested)
        {
            if (Console.KeyAvailable) return Console.ReadKey(intercept: true);
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) return null;
            try
            {
                // Console has no awaitable key; 50 ms polling is not felt at the keyboard.
                await Task.Delay(left < TimeSpan.FromMilliseconds(50) ? left : TimeSpan.FromMilliseconds(50), _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return null;
            }
        }
        return null;
    }

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        Console.Out.Write(ShowCursor + LeaveAlternateScreen);
        Console.Out.Flush();
        Console.TreatControlCAsInput = _treatedControlCAsInput;
        foreach (var signal in _signals) signal.Dispose();
        _stop.Dispose();
    }
}
