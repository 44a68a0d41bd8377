using System.Net;
using System.Text.Json.Nodes;
using JailMetrics.Service.Snmp;
using JailMetrics.Testing;
using JailMetrics.Tests.Snmp;
using JailMetrics.Tests.Support;
using JailMetrics.Tests.Web;

namespace JailMetrics.Tests.Packaging;

/// <summary>
/// The NativeAOT executable of the Linux release, run for real: code that works on the JIT can fail
/// only here (reflection the compiler did not see, trimmed members), so every path that used
/// reflection before — options binding, JSON, the web config YAML, minimal-API endpoints — is driven
/// once through the published binary with the real peers.
/// </summary>
[Collection(PublishedDist.Collection)]
public sealed class NativeAotTests(PublishedDist dist) : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private static readonly string JailName = "." + BindingFixture.ObjectOid("jmJailName");

    private readonly string _directory = Directory.CreateTempSubdirectory("jailmetrics-aot-").FullName;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public void Dispose()
    {
        _http.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Serves_a_sandbox_jail_on_metrics_and_over_snmp_and_keeps_its_state_files()
    {
        Prerequisites.RequireRoot();
        Prerequisites.RequireCommand("snmpget");
        string executable = dist.NativeExecutable;
        int port = ServiceProcess.FreePort(), snmpPort = NetSnmp.FreeUdpPort();
        string state = Path.Combine(_directory, "state");
        using var service = ServiceProcess.StartExecutable(executable,
        [
            "--web.listen-address", $"127.0.0.1:{port}", "--snmp.listen-address", $"127.0.0.1:{snmpPort}",
            "--state.directory", state, "--sampling.interval", "1s",
        ]);
        using var sandbox = Sandbox.Start(new SandboxOptions { Processes = 2, RssBytes = 16L << 20 });
        string metricsUrl = $"http://127.0.0.1:{port}/metrics";
        await service.WaitUntilServingAsync(_http, metricsUrl, Patience);

        var scrape = await ScrapeUntilAsync(metricsUrl, s => s.Find("jail_id", sandbox.Name) is not null);
        Assert.Equal(sandbox.PidNamespaceInode, scrape.Value("jail_id", sandbox.Name));
        Assert.Equal(sandbox.Options.Processes, scrape.Value("jail_maxproc", sandbox.Name));
        Assert.Contains("jailmetrics_build_info", scrape.Text, StringComparison.Ordinal);
        Assert.Contains("<a href=\"/metrics\">", await _http.GetStringAsync($"http://127.0.0.1:{port}/"), StringComparison.Ordinal);

        var snmp = new NetSnmp(snmpPort);
        string walk = snmp.Output("snmpwalk", ["-v2c", "-c", "public", "-On", "-Oq"], JailName);
        string row = NetSnmp.ParseQuick(walk).Single(e => e.Value == sandbox.Name).Key;
        string get = snmp.Output("snmpget", ["-v2c", "-c", "public", "-On"], row, ".1.3.6.1.2.1.1.2.0");
        Assert.Contains($"{row} = STRING: \"{sandbox.Name}\"", get, StringComparison.Ordinal);
        Assert.Contains($".1.3.6.1.2.1.1.2.0 = OID: .{JailMetricsMib.SysObjectId}", get, StringComparison.Ordinal);

        // The state files are JSON through the source-generated serializers: written, and parseable.
        var files = Directory.GetFiles(state, "*.json");
        Assert.NotEmpty(files);
        foreach (string file in files) Assert.NotNull(JsonNode.Parse(File.ReadAllText(file)));
    }

    [Fact]
    public void Check_config_reports_each_bad_value_with_file_and_line()
    {
        string file = Path.Combine(_directory, "bad.json");
        File.WriteAllText(file, """
            {
              "Sampling": {
                "Interval": "10x"
              },
              "Web": { "Bogus": 1 },
              "Snmp": { "Communities": [ { "Name": "public", "AllowedNetworks": [ "not-a-network" ] } ] }
            }
            """);

        var (exitCode, stdout, stderr) = ServiceProcess.RunExecutable(dist.NativeExecutable, "check-config", file);

        Assert.True(exitCode == 2, stderr);
        Assert.Equal("", stdout.Trim());
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains($"{file}:3: Sampling:Interval (--sampling.interval, JAILMETRICS_Sampling__Interval): '10x' is not a duration; write it as 500ms, 10s, 1m or 00:00:10", lines);
        // The option names come from reflection over the options classes, which the compiler must have kept.
        Assert.Contains($"{file}:5: Web:Bogus: unknown setting; Web has ListenAddresses, TelemetryPath, ConfigFile", lines);
        Assert.Contains(lines, l => l.StartsWith($"{file}:6: ", StringComparison.Ordinal) && l.Contains("not-a-network", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_web_config_with_tls_and_basic_auth_lets_only_the_right_password_in()
    {
        using var pki = TestPki.Create("jailmetrics aot CA");
        pki.IssueServer("jailmetrics", Path.Combine(pki.Directory, "server.pem"), Path.Combine(pki.Directory, "server-key.pem"));
        const string user = "prometheus", password = "aot scrape";
        string webConfig = Path.Combine(pki.Directory, "web.yml");
        File.WriteAllText(webConfig, $"""
            tls_server_config:
              cert_file: server.pem
              key_file: server-key.pem
            http_server_config:
              headers:
                X-Frame-Options: deny
            basic_auth_users:
              {user}: {Htpasswd.Hash(user, password)}
            """);
        int port = ServiceProcess.FreePort();
        string metricsUrl = $"https://127.0.0.1:{port}/metrics";
        using var service = ServiceProcess.StartExecutable(dist.NativeExecutable,
        [
            "--web.listen-address", $"127.0.0.1:{port}", "--web.config.file", webConfig,
            "--state.directory", Path.Combine(_directory, "state"), "--snmp.enabled", "false",
        ]);
        using var authorized = TlsClients.Create(pki, basicAuth: (user, password));
        await service.WaitUntilServingAsync(authorized, metricsUrl, Patience);

        using (var response = await authorized.GetAsync(metricsUrl))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("deny", response.Headers.GetValues("X-Frame-Options").Single());
            Assert.Contains("jail_info{", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using var wrong = TlsClients.Create(pki, basicAuth: (user, "not it"));
        Assert.Equal(HttpStatusCode.Unauthorized, await TlsClients.StatusAsync(wrong, metricsUrl));
    }

    [Fact]
    public void Snapshot_json_prints_the_jails()
    {
        var (exitCode, stdout, stderr) = ServiceProcess.RunExecutable(dist.NativeExecutable, "snapshot", "--json", "--rate-window", "0");

        Assert.True(exitCode == 0, stderr);
        var snapshot = JsonNode.Parse(stdout)!;
        Assert.Equal("linux", (string?)snapshot["platform"], StringComparer.OrdinalIgnoreCase);
        Assert.NotEmpty(snapshot["jails"]!.AsArray());
    }

    [Fact]
    public async Task Leaves_the_executables_startup_only_pages_out_of_its_resident_set()
    {
        string executable = Path.GetFullPath(dist.NativeExecutable);
        executable = new FileInfo(executable).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? executable;
        int port = ServiceProcess.FreePort();
        using var service = ServiceProcess.StartExecutable(executable,
        [
            "--web.listen-address", $"127.0.0.1:{port}", "--snmp.enabled", "false",
            "--state.directory", Path.Combine(_directory, "state"),
        ]);
        await service.WaitUntilServingAsync(_http, $"http://127.0.0.1:{port}/metrics", Patience);

        // Without the release nearly all of the read-only mappings stays resident (97-99 % measured: the kernel
        // maps file pages 64 KiB at a time). The source of the rehydrated type data alone is 16 % of them and is
        // never read after startup, so after the release the serving service has at most ~85 % resident.
        // The release runs when the host has started, which can be a moment after the first scrape.
        (long Mapped, long Resident) pages = default;
        for (var waited = System.Diagnostics.Stopwatch.StartNew(); waited.Elapsed < TimeSpan.FromSeconds(10); await Task.Delay(200))
        {
            var mappings = JailMetrics.Linux.Native.ExecutablePages.Releasable(File.ReadAllText($"/proc/{service.Id}/smaps"), executable).ToList();
            pages = ((long)mappings.Sum(m => (decimal)m.Mapping.Length), mappings.Sum(m => m.ResidentBytes));
            if (pages.Mapped > 0 && pages.Resident < pages.Mapped * 0.9) break;
        }
        Assert.True(pages.Mapped > 10 << 20, $"read-only mappings of {executable}: {pages.Mapped} bytes");
        Assert.True(pages.Resident < pages.Mapped * 0.9, $"{pages.Resident >> 10} KiB of {pages.Mapped >> 10} KiB resident");
    }

    private Task<Exposition> ScrapeUntilAsync(string url, Func<Exposition, bool> done) =>
        Exposition.ScrapeUntilAsync(_http, url, done, Patience);
}
