using JailMetrics.Testing;
using JailMetrics.Tests.Support;

namespace JailMetrics.Tests.Snmp;

/// <summary>
/// The built service with its SNMP agent on a free UDP port, sampling this machine with a live
/// sandbox jail in it. The interval is an hour, so the service takes exactly one sample: /metrics
/// and every SNMP request read the same one, and walks repeat to the byte.
/// </summary>
public sealed class RunningServiceFixture : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly string _stateDirectory = Directory.CreateTempSubdirectory("jailmetrics-snmp-e2e-").FullName;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private ServiceProcess? _service;

    public Sandbox Sandbox { get; private set; } = null!;

    public NetSnmp Snmp { get; private set; } = null!;

    /// <summary>/metrics, scraped once the sample is in.</summary>
    public Exposition Metrics { get; private set; } = null!;

    public string ServiceLog => _service?.StandardError ?? "";

    /// <summary>The service's process id (for /proc/PID).</summary>
    public int ServiceProcessId => _service!.Id;

    public async Task InitializeAsync()
    {
        Prerequisites.RequireRoot();
        Sandbox = Sandbox.Start(new SandboxOptions { Processes = 2, RssBytes = 16L << 20 });
        Sandbox.SendUdp(20, 100); // non-zero interface counters before the one sample

        int webPort = ServiceProcess.FreePort();
        int snmpPort = NetSnmp.FreeUdpPort();
        Snmp = new NetSnmp(snmpPort);
        _service = ServiceProcess.Start(
        [
            "--web.listen-address", $"127.0.0.1:{webPort}", "--state.directory", _stateDirectory,
            "--sampling.interval", "1h", "--snmp.listen-address", $"127.0.0.1:{snmpPort}",
        ]);
        string metricsUrl = $"http://127.0.0.1:{webPort}/metrics";
        await _service.WaitUntilServingAsync(_http, metricsUrl, Patience);

        var deadline = DateTime.UtcNow + Patience;
        do
        {
            Metrics = Exposition.Parse(await _http.GetStringAsync(metricsUrl));
            if (Metrics.Find("jail_id", Sandbox.Name) is not null) return;
            await Task.Delay(200);
        }
        while (DateTime.UtcNow < deadline);
        Assert.Fail($"the sandbox {Sandbox.Name} never showed up on /metrics:\n{_service.StandardError}");
    }

    public Task DisposeAsync()
    {
        _service?.Dispose();
        Sandbox?.Dispose();
        _http.Dispose();
        Directory.Delete(_stateDirectory, recursive: true);
        return Task.CompletedTask;
    }
}
