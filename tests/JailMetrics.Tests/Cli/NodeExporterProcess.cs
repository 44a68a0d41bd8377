using System.Diagnostics;
using JailMetrics.Testing;
using JailMetrics.Tests.Support;

namespace JailMetrics.Tests.Cli;

/// <summary>
/// A real prometheus-node-exporter on a free loopback port with only its textfile collector on,
/// reading one directory; killed on dispose.
/// </summary>
internal sealed class NodeExporterProcess : IDisposable
{
    private readonly Process _process;

    private NodeExporterProcess(Process process, string url)
    {
        _process = process;
        MetricsUrl = url;
    }

    public string MetricsUrl { get; }

    public static async Task<NodeExporterProcess> StartAsync(string textfileDirectory, HttpClient http)
    {
        string binary = Prerequisites.RequireCommand("prometheus-node-exporter");
        int port = ServiceProcess.FreePort();
        var start = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList =
            {
                "--collector.disable-defaults",
                "--collector.textfile",
                $"--collector.textfile.directory={textfileDirectory}",
                $"--web.listen-address=127.0.0.1:{port}",
            },
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("prometheus-node-exporter did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var exporter = new NodeExporterProcess(process, $"http://127.0.0.1:{port}/metrics");
        try
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (DateTime.UtcNow < deadline)
            {
                if (process.HasExited) Assert.Fail($"prometheus-node-exporter exited with {process.ExitCode} before it served");
                try
                {
                    using var response = await http.GetAsync(exporter.MetricsUrl);
                    if (response.IsSuccessStatusCode) return exporter;
                }
                catch (HttpRequestException)
                {
                    // Not listening yet.
                }
                await Task.Delay(200);
            }
            Assert.Fail($"prometheus-node-exporter did not serve {exporter.MetricsUrl} within 30 s");
            return exporter;
        }
        catch
        {
            exporter.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited) _process.Kill();
            _process.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        _process.Dispose();
    }
}
