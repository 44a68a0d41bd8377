using System.Diagnostics;
using JailMetrics.Testing;
using JailMetrics.Tests.Support;

namespace JailMetrics.Tests.Alerts;

/// <summary>
/// A real prometheus-alertmanager on a free loopback port, with a throwaway config (by default everything
/// routed to a receiver that sends nowhere), throwaway storage and clustering off; killed on dispose.
/// </summary>
internal sealed class AlertmanagerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;

    private AlertmanagerProcess(Process process, string directory, string url)
    {
        _process = process;
        _directory = directory;
        Url = url;
    }

    public string Url { get; }

    /// <param name="config">alertmanager.yml's text; null routes everything to a receiver that sends nowhere.</param>
    public static async Task<AlertmanagerProcess> StartAsync(HttpClient http, string? config = null)
    {
        string binary = Prerequisites.RequireCommand("prometheus-alertmanager");
        string directory = Directory.CreateTempSubdirectory("jailmetrics-am-").FullName;
        string configFile = Path.Combine(directory, "alertmanager.yml");
        File.WriteAllText(configFile, config ?? """
            route:
              receiver: "null"
            receivers:
              - name: "null"
            """);
        int port = ServiceProcess.FreePort();
        var start = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList =
            {
                $"--config.file={configFile}",
                $"--storage.path={Path.Combine(directory, "data")}",
                $"--web.listen-address=127.0.0.1:{port}",
                "--cluster.listen-address=", // empty: no gossip port, no peers
            },
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("prometheus-alertmanager did not start");
        // Drain its output so a chatty process never blocks on a full pipe.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var alertmanager = new AlertmanagerProcess(process, directory, $"http://127.0.0.1:{port}");
        try
        {
            await alertmanager.WaitReadyAsync(http);
            return alertmanager;
        }
        catch
        {
            await alertmanager.DisposeAsync();
            throw;
        }
    }

    private async Task WaitReadyAsync(HttpClient http)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) Assert.Fail($"prometheus-alertmanager exited with {_process.ExitCode} before it was ready");
            try
            {
                using var response = await http.GetAsync($"{Url}/-/ready");
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(100);
        }
        Assert.Fail("prometheus-alertmanager was not ready within 30s");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
