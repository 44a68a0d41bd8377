using System.Net;
using JailMetrics.Model;
using JailMetrics.Service.Prometheus;
using JailMetrics.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Prometheus;
using static JailMetrics.Tests.Support.Snapshots;

namespace JailMetrics.Tests.Prometheus;

/// <summary>
/// The metrics endpoint over HTTP writes the sample's families and prometheus-net's registry as one
/// exposition in the format the client asked for: one HELP and TYPE per family, OpenMetrics counters
/// declared without _total, one <c># EOF</c> at the very end, and a Content-Length that is the body's.
/// </summary>
public sealed class MetricsEndpointTests : IAsyncLifetime
{
    private readonly CollectorRegistry _registry = Metrics.NewCustomRegistry();
    private readonly PrometheusView _view;
    private WebApplication? _server;
    private string _url = "";

    public MetricsEndpointTests() => _view = new PrometheusView(_registry, new BuildInfo("1.2.3", "abc123", ".NET 10.0.0", "linux-x64"));

    public async Task InitializeAsync()
    {
        int port = ServiceProcess.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        _server = builder.Build();
        BufferedScrape.Map(_server, "/metrics", _registry, _view.Gate);
        await _server.StartAsync();
        _url = $"http://127.0.0.1:{port}/metrics";
        _view.OnSnapshot(Of(Sample(Host, EveryResource()) with { Interfaces = [Nic("eth0", 7)] },
            Sample(Jail("web", 3), EveryResource(5))));
    }

    public async Task DisposeAsync()
    {
        if (_server is not null) await _server.DisposeAsync();
    }

    [Fact]
    public async Task OpenMetrics_is_one_exposition_ending_in_a_single_EOF()
    {
        var lines = await ScrapeAsync("application/openmetrics-text; version=1.0.0", "application/openmetrics-text; version=1.0.0");

        Assert.Equal("# EOF", lines[^1]);
        Assert.Single(lines, line => line == "# EOF");
        Assert.Contains("# TYPE jail_cputime_seconds counter", lines);
        Assert.Contains("jail_cputime_seconds_total{name=\"web\"} 5.0", lines);
    }

    [Fact]
    public async Task The_text_format_has_both_parts_and_no_EOF()
    {
        var lines = await ScrapeAsync("text/plain", "text/plain; version=0.0.4");

        Assert.DoesNotContain("# EOF", lines);
        Assert.Contains("# TYPE jail_cputime_seconds_total counter", lines);
        Assert.Contains("jail_cputime_seconds_total{name=\"web\"} 5", lines);
        Assert.Contains(lines, line => line.StartsWith("jail_network_receive_bytes_total{name=\"host\",interface=\"eth0\"} ", StringComparison.Ordinal));
        var (exitCode, output) = Promtool.CheckMetrics(string.Join('\n', lines) + "\n");
        Assert.True(exitCode == 0, $"promtool check metrics exited {exitCode}:\n{output}");
    }

    /// <summary>
    /// The lines of a scrape asking for <paramref name="accept"/>, after checking what every scrape
    /// must be: the content type, a Content-Length that is the body's, both parts (a sample family
    /// and build_info from the registry), and one HELP and TYPE per family.
    /// </summary>
    private async Task<string[]> ScrapeAsync(string accept, string contentType)
    {
        var (answeredType, length, body) = await GetAsync(accept);
        Assert.StartsWith(contentType, answeredType, StringComparison.Ordinal);
        Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(body), length);
        var lines = body.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, line => line.StartsWith("jailmetrics_build_info{", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.StartsWith("jail_info{name=\"web\",jid=\"3\"", StringComparison.Ordinal));
        var declared = lines.Where(line => line.StartsWith("# TYPE ", StringComparison.Ordinal)).Select(line => line.Split(' ')[2]).ToList();
        Assert.True(declared.Count > 40, $"only {declared.Count} families");
        Assert.Equal(declared.Count, declared.Distinct().Count());
        Assert.Equal(declared.Count, lines.Count(line => line.StartsWith("# HELP ", StringComparison.Ordinal)));
        return lines;
    }

    private async Task<(string ContentType, long? Length, string Body)> GetAsync(string accept)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, _url);
        request.Headers.TryAddWithoutValidation("Accept", accept);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (response.Content.Headers.ContentType!.ToString(), response.Content.Headers.ContentLength,
            await response.Content.ReadAsStringAsync());
    }
}
