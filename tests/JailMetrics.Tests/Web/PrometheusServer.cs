using System.Text.Json;
using JailMetrics.Testing;
using JailMetrics.Tests.Support;

namespace JailMetrics.Tests.Web;

/// <summary>
/// A real Prometheus server (Debian package <c>prometheus</c>) on a free loopback port with the given
/// scrape configs, throwaway storage, and its HTTP API for queries; killed and its directory removed on dispose.
/// </summary>
internal sealed class PrometheusServer(PeerProcess process, string url) : HttpPeer(process, url)
{
    /// <param name="scrapeConfigs">The YAML list under <c>scrape_configs:</c>, indented by two spaces.</param>
    public static async Task<PrometheusServer> StartAsync(HttpClient http, string scrapeConfigs)
    {
        string binary = Prerequisites.RequireCommand("prometheus");
        string directory = Directory.CreateTempSubdirectory("jailmetrics-prom-").FullName;
        string config = Path.Combine(directory, "prometheus.yml");
        File.WriteAllText(config, $"""
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
            scrape_configs:
            {scrapeConfigs}
            """);
        int port = ServiceProcess.FreePort();
        string url = $"http://127.0.0.1:{port}";
        string[] arguments =
        [
            $"--config.file={config}",
            $"--storage.tsdb.path={Path.Combine(directory, "data")}",
            $"--web.listen-address=127.0.0.1:{port}",
        ];
        return new(await PeerProcess.StartServingAsync(http, $"{url}/-/ready", TimeSpan.FromSeconds(60), binary, arguments, directory), url);
    }

    /// <summary>The result vector of an instant query (<c>/api/v1/query</c>).</summary>
    public async Task<JsonElement[]> QueryAsync(HttpClient http, string promql)
    {
        using var document = JsonDocument.Parse(await http.GetStringAsync($"{Url}/api/v1/query?query={Uri.EscapeDataString(promql)}"));
        Assert.Equal("success", document.RootElement.GetProperty("status").GetString());
        return [.. document.RootElement.GetProperty("data").GetProperty("result").EnumerateArray().Select(r => r.Clone())];
    }

    /// <summary>The active targets (<c>/api/v1/targets</c>): job, health and last error of each.</summary>
    public async Task<(string Job, string Health, string LastError)[]> TargetsAsync(HttpClient http)
    {
        using var document = JsonDocument.Parse(await http.GetStringAsync($"{Url}/api/v1/targets?state=active"));
        return [.. document.RootElement.GetProperty("data").GetProperty("activeTargets").EnumerateArray().Select(t => (
            t.GetProperty("labels").GetProperty("job").GetString()!,
            t.GetProperty("health").GetString()!,
            t.GetProperty("lastError").GetString()!))];
    }
}
