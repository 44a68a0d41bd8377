using JailMetrics.Testing;
using JailMetrics.Tests.Support;

namespace JailMetrics.Tests.Cli;

/// <summary>
/// A real prometheus-node-exporter on a free loopback port with only its textfile collector on,
/// reading one directory; killed on dispose.
/// </summary>
internal sealed class NodeExporterProcess(PeerProcess process, string metricsUrl) : IDisposable
{
    public string MetricsUrl { get; } = metricsUrl;

    public static async Task<NodeExporterProcess> StartAsync(string textfileDirectory, HttpClient http)
    {
        string binary = Prerequisites.RequireCommand("prometheus-node-exporter");
        int port = ServiceProcess.FreePort();
        string metricsUrl = $"http://127.0.0.1:{port}/metrics";
        string[] arguments =
        [
            "--collector.disable-defaults",
            "--collector.textfile",
            $"--collector.textfile.directory={textfileDirectory}",
            $"--web.listen-address=127.0.0.1:{port}",
        ];
        return new(await PeerProcess.StartServingAsync(http, metricsUrl, TimeSpan.FromSeconds(30), binary, arguments), metricsUrl);
    }

    public void Dispose() => process.Dispose();
}
