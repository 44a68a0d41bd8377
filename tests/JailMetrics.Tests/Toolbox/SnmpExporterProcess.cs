using JailMetrics.Testing;
using JailMetrics.Tests.Support;

namespace JailMetrics.Tests.Toolbox;

/// <summary>A real prometheus-snmp-exporter (Debian package, 0.21) on a free loopback port with a given snmp.yml; killed on dispose.</summary>
internal sealed class SnmpExporterProcess(PeerProcess process, string url) : HttpPeer(process, url)
{
    public static async Task<SnmpExporterProcess> StartAsync(HttpClient http, string configFile)
    {
        string binary = Prerequisites.RequireCommand("prometheus-snmp-exporter");
        int port = ServiceProcess.FreePort();
        string url = $"http://127.0.0.1:{port}";
        string[] arguments = [$"--config.file={configFile}", $"--web.listen-address=127.0.0.1:{port}"];
        return new(await PeerProcess.StartServingAsync(http, $"{url}/metrics", TimeSpan.FromSeconds(30), binary, arguments), url);
    }

    /// <summary>What the exporter returns for one scrape of <paramref name="target"/> with <paramref name="module"/>.</summary>
    public async Task<Exposition> ScrapeAsync(HttpClient http, string target, string module)
    {
        using var response = await http.GetAsync($"{Url}/snmp?target={Uri.EscapeDataString(target)}&module={Uri.EscapeDataString(module)}");
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"snmp_exporter answered {(int)response.StatusCode}: {body}\n{Log}");
        return Exposition.Parse(body);
    }
}
