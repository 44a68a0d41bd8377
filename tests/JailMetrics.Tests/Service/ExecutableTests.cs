using System.Net;
using System.Net.Http.Headers;
using JailMetrics.Tests.Support;

namespace JailMetrics.Tests.Service;

/// <summary>The built <c>jailmetrics</c> as a user runs it: real process, real port, real sampling of this machine.</summary>
public sealed class ExecutableTests : IDisposable
{
    private static readonly TimeSpan StartupTimeout = TimeSpan.FromSeconds(60);

    private readonly string _stateDirectory = Directory.CreateTempSubdirectory("jailmetrics-state-").FullName;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public void Dispose()
    {
        _http.Dispose();
        Directory.Delete(_stateDirectory, recursive: true);
    }

    [Fact]
    public async Task The_service_serves_metrics_openmetrics_and_a_landing_page()
    {
        int port = ServiceProcess.FreePort();
        string baseUrl = $"http://127.0.0.1:{port}";
        using var service = ServiceProcess.Start(
            ["--web.listen-address", $"127.0.0.1:{port}", "--state.directory", _stateDirectory, "--sampling.interval", "1s"]);
        try
        {
            await service.WaitUntilServingAsync(_http, baseUrl + "/metrics", StartupTimeout);

            string text = await _http.GetStringAsync(baseUrl + "/metrics");
            var scrape = Exposition.Parse(text);
            Assert.Equal(0, scrape.Value("jail_id", "host"));
            Assert.Single(scrape.Of("jail_info"), s => s["name"] == "host" && s["jid"] == "0");
            Assert.NotEmpty(scrape.Of("jailmetrics_collector_success"));
            Assert.All(scrape.Of("jailmetrics_collector_success"), s => Assert.False(string.IsNullOrEmpty(s["collector"])));
            Assert.Single(scrape.Of("jailmetrics_build_info"));
            Assert.True(scrape.Value("jailmetrics_last_sample_timestamp_seconds") > 1_600_000_000);
            Assert.DoesNotContain("# EOF", text, StringComparison.Ordinal);

            using var openMetrics = new HttpRequestMessage(HttpMethod.Get, baseUrl + "/metrics");
            openMetrics.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse("application/openmetrics-text; version=1.0.0"));
            using var negotiated = await _http.SendAsync(openMetrics);
            Assert.Equal("application/openmetrics-text", negotiated.Content.Headers.ContentType?.MediaType);
            Assert.EndsWith("# EOF\n", await negotiated.Content.ReadAsStringAsync(), StringComparison.Ordinal);

            using var landing = await _http.GetAsync(baseUrl + "/");
            Assert.Equal(HttpStatusCode.OK, landing.StatusCode);
            Assert.Equal("text/html", landing.Content.Headers.ContentType?.MediaType);
            Assert.Contains("href=\"/metrics\"", await landing.Content.ReadAsStringAsync(), StringComparison.Ordinal);

            Assert.True(File.Exists(Path.Combine(_stateDirectory, "jail-indexes.json")), "the jail index state file was not written");
        }
        finally
        {
            service.Dispose();
        }
    }

    [Fact]
    public async Task Environment_variables_configure_the_service_and_flags_win_over_them()
    {
        int port = ServiceProcess.FreePort();
        string baseUrl = $"http://127.0.0.1:{port}";
        using var service = ServiceProcess.Start(
            ["--web.listen-address", $"127.0.0.1:{port}", "--web.telemetry-path", "/from-flag"],
            new Dictionary<string, string>
            {
                ["JAILMETRICS_State__Directory"] = _stateDirectory,
                ["JAILMETRICS_Web__ListenAddresses__0"] = "127.0.0.1:1", // the flag's list replaces this one
                ["JAILMETRICS_Web__TelemetryPath"] = "/from-env",
            });
        try
        {
            await service.WaitUntilServingAsync(_http, baseUrl + "/from-flag", StartupTimeout);

            using var fromEnv = await _http.GetAsync(baseUrl + "/from-env");
            Assert.Equal(HttpStatusCode.NotFound, fromEnv.StatusCode);
            Assert.True(File.Exists(Path.Combine(_stateDirectory, "jail-indexes.json")), "JAILMETRICS_State__Directory was not used");
        }
        finally
        {
            service.Dispose();
        }
    }

    /// <summary>
    /// The generic host's defaults would watch appsettings.json in the working directory, recursively
    /// (one inotify watch per directory below it: about 86,000 from /, systemd's working directory),
    /// and wake a thread for every file written there. The service reads no such file.
    /// </summary>
    [Fact]
    public async Task The_service_watches_no_files_under_its_working_directory()
    {
        string workingDirectory = Path.Combine(_stateDirectory, "cwd");
        for (int i = 0; i < 20; i++) Directory.CreateDirectory(Path.Combine(workingDirectory, $"d{i}", "sub"));
        string state = Directory.CreateDirectory(Path.Combine(_stateDirectory, "state")).FullName;
        int port = ServiceProcess.FreePort();
        using var service = ServiceProcess.Start(
            ["--web.listen-address", $"127.0.0.1:{port}", "--state.directory", state, "--sampling.interval", "1h"],
            workingDirectory: workingDirectory);
        await service.WaitUntilServingAsync(_http, $"http://127.0.0.1:{port}/metrics", StartupTimeout);

        // proc(5), /proc/PID/fdinfo: an inotify descriptor lists one "inotify wd:…" line per watch.
        var watches = Directory.EnumerateFiles($"/proc/{service.Id}/fdinfo")
            .SelectMany(ReadLinesIfStillOpen)
            .Where(line => line.StartsWith("inotify wd:", StringComparison.Ordinal))
            .ToList();
        Assert.True(watches.Count == 0, $"{watches.Count} inotify watches, e.g. {string.Join("; ", watches.Take(3))}");
    }

    private static IEnumerable<string> ReadLinesIfStillOpen(string fdinfo)
    {
        try
        {
            return File.ReadAllLines(fdinfo);
        }
        catch (IOException)
        {
            return []; // the descriptor was closed between listing and reading
        }
    }

    [Fact]
    public void A_bad_flag_value_stops_startup_with_its_name_and_reason_and_no_stack_trace()
    {
        var (exitCode, _, stderr) = ServiceProcess.Run("--sampling.interval", "10x", "--state.directory", _stateDirectory);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("--sampling.interval", stderr, StringComparison.Ordinal);
        Assert.Contains("not a duration", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_malformed_config_file_stops_startup_with_its_path_and_line()
    {
        string file = Path.Combine(_stateDirectory, "bad.json");
        File.WriteAllText(file, "{\n  \"Sampling\": {\n    \"Interval\" \"10s\"\n  }\n}\n");

        var (exitCode, _, stderr) = ServiceProcess.Run("--config.file", file);

        Assert.NotEqual(0, exitCode);
        Assert.Contains(file, stderr, StringComparison.Ordinal);
        Assert.Contains("line 3", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void A_port_in_use_stops_startup_in_one_line()
    {
        using var occupier = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        occupier.Start();
        int port = ((IPEndPoint)occupier.LocalEndpoint).Port;

        var (exitCode, _, stderr) = ServiceProcess.Run("--web.listen-address", $"127.0.0.1:{port}", "--state.directory", _stateDirectory);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("address already in use", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_and_version_print_and_exit()
    {
        var help = ServiceProcess.Run("--help");
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("--web.listen-address", help.Stdout, StringComparison.Ordinal);
        Assert.Contains("JAILMETRICS_Sampling__Interval", help.Stdout, StringComparison.Ordinal);

        var version = ServiceProcess.Run("--version");
        Assert.Equal(0, version.ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+", version.Stdout.Trim());
    }
}
