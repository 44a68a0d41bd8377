using JailMetrics.Testing;
using JailMetrics.Tests.Support;

namespace JailMetrics.Tests.Alerts;

/// <summary>
/// A real prometheus-alertmanager on a free loopback port, with a throwaway config (by default everything
/// routed to a receiver that sends nowhere), throwaway storage and clustering off; killed on dispose.
/// </summary>
internal sealed class AlertmanagerProcess : IAsyncDisposable
{
    private readonly PeerProcess _process;
    private readonly string _directory;

    private AlertmanagerProcess(PeerProcess process, string directory, string url)
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
        var alertmanager = new AlertmanagerProcess(
            PeerProcess.Start(binary,
                $"--config.file={configFile}",
                $"--storage.path={Path.Combine(directory, "data")}",
                $"--web.listen-address=127.0.0.1:{port}",
                "--cluster.listen-address="), // empty: no gossip port, no peers
            directory, $"http://127.0.0.1:{port}");
        try
        {
            await alertmanager._process.WaitForHttpAsync(http, $"{alertmanager.Url}/-/ready", TimeSpan.FromSeconds(30));
            return alertmanager;
        }
        catch
        {
            await alertmanager.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
