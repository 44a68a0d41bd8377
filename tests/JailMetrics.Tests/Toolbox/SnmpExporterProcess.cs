using JailMetrics.Testing;
using JailMetrics.Tests.Support;

namespace JailMetrics.Tests.Toolbox;

/// <summary>A real prometheus-snmp-exporter (Debian package, 0.21) on a free loopback port with a given snmp.yml; killed on dispose.</summary>
internal sealed class SnmpExporterProcess : IAsyncDisposable
{
    private readonly PeerProcess _process;

    private SnmpExporterProcess(PeerProcess process, string url)
    {
        _process = process;
        Url = url;
    }

    public string Url { get; }

    public string Log => _process.Log;

    public static async Task<SnmpExporterProcess> StartAsync(HttpClient http, string configFile)
    {
        string binary = Prerequisites.RequireCommand("prometheus-snmp-exporter");
        int port = ServiceProcess.FreePort();
        var exporter = new SnmpExporterProcess(
            PeerProcess.Start(binary, $"--config.file={configFile}", $"--web.listen-address=127.0.0.1:{port}"),
            $"http://127.0.0.1:{port}");
        try
        {
            await exporter._process.WaitForHttpAsync(http, $"{exporter.Url}/metrics", TimeSpan.FromSeconds(30));
            return exporter;
        }
        catch
        {
            await exporter.DisposeAsync();
            throw;
        }
    }

    /// <summary>What the exporter returns for one scrape of <paramref name="target"/> with <paramref name="module"/>.</summary>
    public async Task<Exposition> ScrapeAsync(HttpClient http, string target, string module)
    {
        using var response = await http.GetAsync($"{Url}/snmp?target={Uri.EscapeDataString(target)}&module={Uri.EscapeDataString(module)}");
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"snmp_exporter answered {(int)response.StatusCode}: {body}\n{Log}");
        return Exposition.Parse(body);
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
