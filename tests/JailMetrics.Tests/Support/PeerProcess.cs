using System.Diagnostics;
using System.Text;

namespace JailMetrics.Tests.Support;

/// <summary>
/// A real program a test talks to (prometheus, alertmanager, an exporter, the service itself), started with
/// its output captured so a failure can show it, and its whole process tree killed on dispose.
/// The one place that knows how to start, wait for and stop such a peer.
/// </summary>
internal sealed class PeerProcess : IDisposable, IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private string? _scratchDirectory;

    private PeerProcess(Process process, string name)
    {
        _process = process;
        Name = name;
        // Reading both pipes all the time also keeps a chatty peer from blocking on a full pipe.
        _process.OutputDataReceived += (_, e) => Capture(_stdout, e.Data);
        _process.ErrorDataReceived += (_, e) => Capture(_stderr, e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>The program's name, as failure messages call it.</summary>
    public string Name { get; }

    /// <summary>Standard output and standard error, interleaved as they arrived.</summary>
    public string Log { get { lock (_log) return _log.ToString(); } }

    public string StandardOutput { get { lock (_log) return _stdout.ToString(); } }

    public string StandardError { get { lock (_log) return _stderr.ToString(); } }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public int Id => _process.Id;

    /// <summary>Starts <paramref name="binary"/> with <paramref name="arguments"/>, named after the binary's file name.</summary>
    public static PeerProcess Start(string binary, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(binary);
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        return Start(start, Path.GetFileName(binary));
    }

    /// <summary>Starts <paramref name="start"/> (its output is redirected here whatever it says).</summary>
    public static PeerProcess Start(ProcessStartInfo start, string name)
    {
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        return new PeerProcess(Process.Start(start) ?? throw new InvalidOperationException($"{name} did not start"), name);
    }

    /// <summary>
    /// Starts <paramref name="binary"/> and waits until <paramref name="readyUrl"/> answers (see <see cref="WaitForHttpAsync"/>);
    /// on failure the peer is gone again. <paramref name="scratchDirectory"/>, when given, is the peer's throwaway
    /// config and storage, removed with it.
    /// </summary>
    public static async Task<PeerProcess> StartServingAsync(
        HttpClient http, string readyUrl, TimeSpan timeout, string binary, IEnumerable<string> arguments, string? scratchDirectory = null)
    {
        PeerProcess peer;
        try
        {
            peer = Start(binary, arguments);
        }
        catch
        {
            if (scratchDirectory is not null) Directory.Delete(scratchDirectory, recursive: true);
            throw;
        }
        peer._scratchDirectory = scratchDirectory;
        try
        {
            await peer.WaitForHttpAsync(http, readyUrl, timeout);
            return peer;
        }
        catch
        {
            peer.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Polls <paramref name="url"/> until it answers 2xx; fails at once, with the log, when the peer exits,
    /// and when <paramref name="timeout"/> passes first.
    /// </summary>
    public async Task WaitForHttpAsync(HttpClient http, string url, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) Assert.Fail($"{Name} exited with {_process.ExitCode} before it served {url}:\n{Log}");
            try
            {
                using var response = await http.GetAsync(url);
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(100);
        }
        Assert.Fail($"{Name} did not serve {url} within {timeout.TotalSeconds:0.#} s:\n{Log}");
    }

    /// <summary>Waits for the peer to exit; true when it did within <paramref name="timeout"/>, its output then read to the end.</summary>
    public bool WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout)) return false;
        _process.WaitForExit(); // drains the redirected output
        return true;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        finally
        {
            _process.Dispose();
            if (_scratchDirectory is not null) Directory.Delete(_scratchDirectory, recursive: true);
        }
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private void Capture(StringBuilder stream, string? line)
    {
        // A null line marks the end of the stream; it is kept as an empty line, as callers' expected output has always had it.
        lock (_log)
        {
            _log.AppendLine(line);
            stream.AppendLine(line);
        }
    }
}
