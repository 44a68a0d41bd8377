using System.Text.Json;
using JailMetrics.Testing;
using JailMetrics.Tests.Snmp;
using JailMetrics.Tests.Support;

namespace JailMetrics.Tests.Reliability;

/// <summary>
/// The built service under faults it cannot prevent: a collector that fails, a corrupt or full state
/// directory, SIGTERM in the middle of sampling. It keeps serving what it can, says what failed in
/// its metrics and log, and starts again clean with the jail indexes kept. (A cgroup file vanishing
/// mid-sample is <see cref="ChurnTests"/>: jails destroyed while the service samples every 100 ms.)
/// </summary>
public sealed class FaultTests : IDisposable
{
    private const string IndexFile = "jail-indexes.json";

    private readonly string _stateDirectory = Directory.CreateTempSubdirectory("jailmetrics-faults-").FullName;

    public void Dispose() => Directory.Delete(_stateDirectory, recursive: true);

    /// <summary>
    /// As root no permission bit stops a read, so the failing file is a fixture's io.stat turned into a
    /// directory (EISDIR): the io collector throws on it like it would on EPERM.
    /// </summary>
    [Fact]
    public async Task A_failing_collector_is_reported_in_metrics_and_log_and_the_rest_is_served()
    {
        string fixture = Path.Combine(_stateDirectory, "fixture");
        Assert.Equal(0, ExternalTool.Run("cp", ["-a", Path.Combine(RepositoryPaths.Root, "tests", "JailMetrics.Linux.Tests", "Fixtures", "v2"), fixture]).ExitCode);
        string ioStat = Path.Combine(fixture, "sys", "fs", "cgroup", "system.slice",
            "docker-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef.scope", "io.stat");
        File.Delete(ioStat);
        Directory.CreateDirectory(ioStat);

        using var service = await ReliabilityService.StartAsync(Path.Combine(_stateDirectory, "state"), "1s",
            "--path.procfs", Path.Combine(fixture, "proc"), "--path.sysfs", Path.Combine(fixture, "sys"));
        var scrape = await service.ScrapeUntilAsync(s => s.Find("jail_id", "0123456789ab") is not null, "the fixture's container");

        var success = scrape.Of("jailmetrics_collector_success").ToDictionary(s => s["collector"]!, s => s.Value);
        Assert.Equal(0, success["io"]);
        Assert.Equal(1, success["memory"]);
        Assert.Equal(1, success["cpu"]);
        Assert.Equal(2, scrape.Value("jail_maxproc", "0123456789ab"));
        Assert.Null(scrape.Find("jail_io_read_bytes_total", "0123456789ab"));
        Assert.Contains(service.SnmpJailIndexes().Keys, n => n == "0123456789ab");
        Assert.Contains("Collector io failed", service.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_corrupt_state_file_is_set_aside_and_the_service_starts_clean()
    {
        string path = Path.Combine(_stateDirectory, IndexFile);
        File.WriteAllText(path, "{\"version\": 1, \"jails\": {\"host\": 1, \"www\": ");

        using var service = await ReliabilityService.StartAsync(_stateDirectory, "1s");
        await service.ScrapeUntilAsync(s => s.Find("jail_id", "host") is not null, "the host");

        Assert.Equal("{\"version\": 1, \"jails\": {\"host\": 1, \"www\": ", File.ReadAllText(path + ".corrupt"));
        Assert.Equal(1, ReadIndexes(path)["host"]);
        Assert.Equal(1, service.SnmpJailIndexes()["host"]);
        Assert.Contains("is corrupt", service.Log, StringComparison.Ordinal);
    }

    /// <summary>
    /// The disk fills while the service runs: a new jail's index cannot be saved, which is logged, and
    /// the jail is served with it all the same. A start on the full disk serves too, with authenticated
    /// SNMPv3 refused since snmpEngineBoots cannot be persisted (RFC 3414 §2.2.2; see EngineState).
    /// Once there is room, the service starts again with the indexes it had saved.
    /// </summary>
    [Fact]
    public async Task A_full_state_disk_is_logged_while_serving_and_at_start_and_recovered_from()
    {
        Prerequisites.RequireRoot();
        string mount = Path.Combine(_stateDirectory, "tiny");
        Directory.CreateDirectory(mount);
        Assert.Equal(0, ExternalTool.Run("mount", ["-t", "tmpfs", "-o", "size=64k,mode=0700", "jm-reliability-full", mount]).ExitCode);
        string filler = Path.Combine(mount, "filler");
        try
        {
            using (var service = await ReliabilityService.StartAsync(mount, "200ms"))
            {
                await service.ScrapeUntilAsync(s => s.Find("jail_id", "host") is not null, "the host");
                Assert.True(File.Exists(Path.Combine(mount, IndexFile)));
                FillUp(filler);

                using var sandbox = Sandbox.Start(new SandboxOptions { Processes = 1, ExtraOpenFiles = 0, RssBytes = 0, ShmBytes = 0, Network = false });
                await service.ScrapeUntilAsync(s => s.Find("jail_id", sandbox.Name) is not null, $"the sandbox {sandbox.Name}");
                Assert.Contains(sandbox.Name, service.SnmpJailIndexes().Keys);
                Assert.Contains("Cannot save jail indexes", service.Log, StringComparison.Ordinal);
                Assert.DoesNotContain(sandbox.Name, File.ReadAllText(Path.Combine(mount, IndexFile)), StringComparison.Ordinal);
                Assert.Empty(Directory.GetFiles(mount, ".*.tmp")); // no half-written temporary left behind
                Assert.False(service.Process.HasExited);
            }

            // A start on the full disk serves what it can: /metrics and SNMPv2c; only authenticated
            // SNMPv3 is refused, since snmpEngineBoots cannot be persisted (RFC 3414 §2.2.2; see EngineState).
            using (var service = await ReliabilityService.StartAsync(mount, "200ms"))
            {
                await service.ScrapeUntilAsync(s => s.Find("jail_id", "host") is not null, "the host on a full disk");
                Assert.Equal(1, service.SnmpJailIndexes()["host"]);
                Assert.Contains("Cannot keep snmpEngineBoots", service.Log, StringComparison.Ordinal);
                Assert.False(service.Process.HasExited);
            }

            File.Delete(filler);
            using (var service = await ReliabilityService.StartAsync(mount, "200ms"))
            {
                await service.ScrapeUntilAsync(s => s.Find("jail_id", "host") is not null, "the host");
                Assert.Equal(1, ReadIndexes(Path.Combine(mount, IndexFile))["host"]);
                Assert.Equal(1, service.SnmpJailIndexes()["host"]);
                Assert.Empty(service.FailureLines());
            }
        }
        finally
        {
            ExternalTool.Run("umount", ["--lazy", mount]);
        }
    }

    [Fact]
    public async Task Sigterm_mid_sample_exits_cleanly_and_the_restart_keeps_the_indexes()
    {
        Prerequisites.RequireRoot();
        using var sandbox = Sandbox.Start(new SandboxOptions { Processes = 2, RssBytes = 1L << 20, ShmBytes = 0, Network = false });
        string path = Path.Combine(_stateDirectory, IndexFile);
        int index;

        // Sampling every 100 ms, so the signal lands in or right next to a sample.
        using (var service = await ReliabilityService.StartAsync(_stateDirectory, "100ms"))
        {
            await service.ScrapeUntilAsync(s => s.Find("jail_id", sandbox.Name) is not null, $"the sandbox {sandbox.Name}");
            index = service.SnmpJailIndexes()[sandbox.Name];
            await Task.Delay(350);
            // The shell's kill builtin: no extra package for a plain kill(2).
            Assert.Equal(0, ExternalTool.Run("sh", ["-c", "kill -TERM \"$1\"", "sh", service.Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]).ExitCode);
            Assert.True(service.Process.WaitForExit(TimeSpan.FromSeconds(30), out int exitCode), "the service did not stop within 30 s of SIGTERM");
            Assert.Equal(0, exitCode);
            Assert.Empty(service.FailureLines());
        }
        Assert.Equal(index, ReadIndexes(path)[sandbox.Name]);
        Assert.Empty(Directory.GetFiles(_stateDirectory, ".*.tmp"));

        using (var service = await ReliabilityService.StartAsync(_stateDirectory, "100ms"))
        {
            await service.ScrapeUntilAsync(s => s.Find("jail_id", sandbox.Name) is not null, $"the sandbox {sandbox.Name}");
            Assert.Equal(index, service.SnmpJailIndexes()[sandbox.Name]);
            Assert.DoesNotContain("corrupt", service.Log, StringComparison.Ordinal);
            Assert.False(File.Exists(path + ".corrupt"));
        }
    }

    private static Dictionary<string, int> ReadIndexes(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.GetProperty("jails").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32());
    }

    // Writes until the file system says no space is left (unbuffered, so the failing write is the last).
    private static void FillUp(string path)
    {
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0);
        byte[] block = new byte[4096];
        try
        {
            while (true) stream.Write(block);
        }
        catch (IOException)
        {
            // ENOSPC: full.
        }
    }
}
