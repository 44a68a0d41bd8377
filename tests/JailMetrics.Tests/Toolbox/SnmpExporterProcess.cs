using System.Diagnostics;
using System.Text;
using JailMetrics.Testing;
using JailMetrics.Tests.Support;

namespace JailMetrics.Tests.Toolbox;

/// <summary>A real prometheus-snmp-exporter (Debian package, 0.21) on a free loopback port with a given snmp.yml; killed on dispose.</summary>
internal sealed class SnmpExporterProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private SnmpExporterProcess(Process process, string url)
    {
        _process = process;
        Url = url;
        _process.OutputDataReceived += (_, e) => { lock (_log) _log.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { lock (_log) _log.AppendLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Url { get; }

    public string Log { get { lock (_log) return _log.ToString(); } }

    public static async Task<SnmpExporterProcess> StartAsync(HttpClient http, string configFile)
    {
        string binary = Prerequisites.RequireCommand("prometheus-snmp-exporter");
        int port = ServiceProcess.FreePort();
        var start = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            ArgumentList = { $"--config.file={configFile}", $"--web.listen-address=127.0.0.1:{port}" },
        };
        var exporter = new SnmpExporterProcess(Process.Start(start) ?? throw new InvalidOperationException("prometheus-snmp-exporter did not start"),
            $"http://127.0.0.1:{port}");
        try
        {
            await exporter.WaitReadyAsync(http);
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

    private async Task WaitReadyAsync(HttpClient http)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) Assert.Fail($"prometheus-snmp-exporter exited with {_process.ExitCode}:\n{Log}");
            try
            {
                using var response = await http.GetAsync($"{Url}/metrics");
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(100);
        }
        Assert.Fail($"prometheus-snmp-exporter did not listen within 30 s:\n{Log}");
    }

    public ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        _process.Dispose();
        return ValueTask.CompletedTask;
    }
}
