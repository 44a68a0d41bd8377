using System.Text.Json;
using JailMetrics.Testing;
using JailMetrics.Tests.Support;

namespace JailMetrics.Tests.Web;

/// <summary>
/// A real Prometheus server (Debian package <c>prometheus</c>) on a free loopback port with the given
/// scrape configs, throwaway storage, and its HTTP API for queries; killed and its directory removed on dispose.
/// </summary>
internal sealed class PrometheusServer : IAsyncDisposable
{
    private readonly PeerProcess _process;
    private readonly string _directory;

    private PrometheusServer(PeerProcess process, string directory, string url)
    {
        _process = process;
        _directory = directory;
        Url = url;
    }

    public string Url { get; }

    public string Log => _process.Log;

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
        var server = new PrometheusServer(
            PeerProcess.Start(binary,
                $"--config.file={config}",
                $"--storage.tsdb.path={Path.Combine(directory, "data")}",
                $"--web.listen-address=127.0.0.1:{port}"),
            directory, $"http://127.0.0.1:{port}");
        try
        {
            await server._process.WaitForHttpAsync(http, $"{server.Url}/-/ready", TimeSpan.FromSeconds(60));
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
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

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _process.DisposeAsync();
        }
        finally
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
