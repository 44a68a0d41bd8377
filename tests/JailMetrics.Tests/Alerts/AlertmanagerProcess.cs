using JailMetrics.Testing;
using JailMetrics.Tests.Support;

namespace JailMetrics.Tests.Alerts;

/// <summary>
/// A real prometheus-alertmanager on a free loopback port, with a throwaway config (by default everything
/// routed to a receiver that sends nowhere), throwaway storage and clustering off; killed on dispose.
/// </summary>
internal sealed class AlertmanagerProcess(PeerProcess process, string url) : HttpPeer(process, url)
{
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
        string url = $"http://127.0.0.1:{port}";
        string[] arguments =
        [
            $"--config.file={configFile}",
            $"--storage.path={Path.Combine(directory, "data")}",
            $"--web.listen-address=127.0.0.1:{port}",
            "--cluster.listen-address=", // empty: no gossip port, no peers
        ];
        return new(await PeerProcess.StartServingAsync(http, $"{url}/-/ready", TimeSpan.FromSeconds(30), binary, arguments, directory), url);
    }
}
