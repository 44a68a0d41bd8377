using JailMetrics.Testing;
using JailMetrics.Tests.Support;

namespace JailMetrics.Tests.Cli;

/// <summary>
/// A real prometheus-node-exporter on a free loopback port with only its textfile collector on,
/// reading one directory; killed on dispose.
/// </summary>
internal sealed class NodeExporterProcess : IDisposable
{
    private readonly PeerProcess _process;

    private NodeExporterProcess(PeerProcess process, string url)
    {
        _process = process;
        MetricsUrl = url;
    }

    public string MetricsUrl { get; }

    public static async Task<NodeExporterProcess> StartAsync(string textfileDirectory, HttpClient http)
    {
        string binary = Prerequisites.RequireCommand("prometheus-node-exporter");
        int port = ServiceProcess.FreePort();
        var exporter = new NodeExporterProcess(
            PeerProcess.Start(binary,
                "--collector.disable-defaults",
                "--collector.textfile",
                $"--collector.textfile.directory={textfileDirectory}",
                $"--web.listen-address=127.0.0.1:{port}"),
            $"http://127.0.0.1:{port}/metrics");
        try
        {
            await exporter._process.WaitForHttpAsync(http, exporter.MetricsUrl, TimeSpan.FromSeconds(30));
            return exporter;
        }
        catch
        {
            exporter.Dispose();
            throw;
        }
    }

    public void Dispose() => _process.Dispose();
}
