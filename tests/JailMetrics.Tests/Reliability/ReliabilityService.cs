using System.Globalization;
using JailMetrics.Tests.Snmp;
using JailMetrics.Tests.Support;

namespace JailMetrics.Tests.Reliability;

/// <summary>
/// The built service with /metrics and its SNMP agent on free ports, for the reliability tests:
/// scrape, walk the jail table, read the process's resident memory, find failures in its log.
/// </summary>
public sealed class ReliabilityService : IDisposable
{
    /// <summary>jmJailName, column 2 of jmJailTable (JAILMETRICS-MIB: enterprises.32473.1.2.3.1.2).</summary>
    public const string JailNameColumn = ".1.3.6.1.4.1.32473.1.2.3.1.2";

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private ReliabilityService(ServiceProcess process, string stateDirectory, int webPort, int snmpPort)
    {
        Process = process;
        StateDirectory = stateDirectory;
        MetricsUrl = $"http://127.0.0.1:{webPort}/metrics";
        SnmpPort = snmpPort;
        Snmp = new NetSnmp(snmpPort);
    }

    public ServiceProcess Process { get; }
    public string StateDirectory { get; }
    public string MetricsUrl { get; }
    public int SnmpPort { get; }
    public NetSnmp Snmp { get; }
    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(10) };

    public string Log => Process.StandardOutput + Process.StandardError;

    /// <summary>Starts the service on <paramref name="stateDirectory"/> and returns once /metrics answers.</summary>
    public static async Task<ReliabilityService> StartAsync(string stateDirectory, string interval, params string[] extraArguments)
    {
        int webPort = ServiceProcess.FreePort();
        int snmpPort = NetSnmp.FreeUdpPort();
        var process = ServiceProcess.Start(
        [
            "--web.listen-address", $"127.0.0.1:{webPort}", "--state.directory", stateDirectory,
            "--sampling.interval", interval, "--snmp.listen-address", $"127.0.0.1:{snmpPort}", .. extraArguments,
        ]);
        var service = new ReliabilityService(process, stateDirectory, webPort, snmpPort);
        try
        {
            await process.WaitUntilServingAsync(service.Http, service.MetricsUrl, Patience);
            return service;
        }
        catch
        {
            service.Dispose();
            throw;
        }
    }

    public async Task<Exposition> ScrapeAsync() => Exposition.Parse(await Http.GetStringAsync(MetricsUrl));

    /// <summary>Scrapes until <paramref name="done"/> holds; fails the test after a minute.</summary>
    public async Task<Exposition> ScrapeUntilAsync(Func<Exposition, bool> done, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        Exposition scrape;
        do
        {
            scrape = await ScrapeAsync();
            if (done(scrape)) return scrape;
            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);
        Assert.Fail($"/metrics never showed {what} within {Patience}:\n{scrape.Text}\n--- service log\n{Log}");
        return scrape;
    }

    /// <summary>The SNMP jail table's rows as name → jmJailIndex, walked with snmpbulkwalk.</summary>
    public Dictionary<string, int> SnmpJailIndexes()
    {
        string output = Snmp.Output("snmpbulkwalk", ["-v2c", "-c", "public", "-On", "-Oq", "-t", "10", "-r", "1"], JailNameColumn);
        return NetSnmp.ParseQuick(output)
            .Where(p => p.Key.StartsWith(JailNameColumn + ".", StringComparison.Ordinal))
            .ToDictionary(p => p.Value, p => int.Parse(p.Key[(JailNameColumn.Length + 1)..], CultureInfo.InvariantCulture), StringComparer.Ordinal);
    }

    /// <summary>The service's resident set size (VmRSS) now, in bytes.</summary>
    public long ResidentBytes()
    {
        string line = File.ReadLines($"/proc/{Process.Id}/status").Single(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>Log lines at error level or carrying an exception: the console logger writes "fail:" / "crit:" and stack frames.</summary>
    public IReadOnlyList<string> FailureLines() =>
        Log.Split('\n').Where(l => l.Contains("fail:", StringComparison.Ordinal) || l.Contains("crit:", StringComparison.Ordinal)
            || l.Contains("Exception", StringComparison.Ordinal) || l.TrimStart().StartsWith("at ", StringComparison.Ordinal)).ToList();

    public void Dispose()
    {
        Process.Dispose();
        Http.Dispose();
    }
}
