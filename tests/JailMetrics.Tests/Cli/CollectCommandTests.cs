using System.Text.RegularExpressions;
using JailMetrics.Testing;
using JailMetrics.Tests.Support;

namespace JailMetrics.Tests.Cli;

/// <summary>
/// <c>jailmetrics collect</c> as a cron job runs it: the built exe, a live sandbox jail, the .prom file
/// read by a real node_exporter's textfile collector and linted by promtool.
/// </summary>
public sealed class CollectCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("jailmetrics-textfile-").FullName;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public void Dispose()
    {
        _http.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task Node_exporters_textfile_collector_re_exports_the_prom_file_of_a_sandbox_jail_without_error()
    {
        var options = new SandboxOptions { Processes = 4, RssBytes = 40L << 20, Network = false };
        using var sandbox = Sandbox.Start(options);
        string file = Path.Combine(_directory, "jailmetrics.prom");

        var (exitCode, _, stderr) = ServiceProcess.Run("collect", "--output", file);

        Assert.True(exitCode == 0, $"collect failed ({exitCode}): {stderr}");
        string text = File.ReadAllText(file);
        var (promtoolExit, promtoolOutput) = Promtool.CheckMetrics(text);
        Assert.True(promtoolExit == 0, $"promtool check metrics rejected the file:\n{promtoolOutput}");

        using var exporter = await NodeExporterProcess.StartAsync(_directory, _http);
        var scrape = Exposition.Parse(await _http.GetStringAsync(exporter.MetricsUrl));
        Assert.Equal(0, scrape.Value("node_textfile_scrape_error"));
        Assert.Single(scrape.Of("node_textfile_mtime_seconds"), s => s["file"]!.EndsWith("jailmetrics.prom", StringComparison.Ordinal));
        Assert.Equal(options.Processes, scrape.Value("jail_maxproc", sandbox.Name));
        Assert.InRange(scrape.Value("jail_memoryuse_bytes", sandbox.Name), options.RssBytes, options.RssBytes * 2);
        Assert.Equal(sandbox.PidNamespaceInode, scrape.Value("jail_id", sandbox.Name));
        Assert.Equal("gauge", scrape.Types["jail_info"]);
        Assert.Single(scrape.Of("jail_info"), s => s["name"] == sandbox.Name);
        Assert.Equal("counter", scrape.Types["jail_cputime_seconds_total"]);
        // Two samples a rate window apart: the rate families are there, as on the service's /metrics.
        Assert.NotNull(scrape.Find("jail_pcpu_used", sandbox.Name));
    }

    [Fact]
    public void Collect_to_stdout_prints_the_classic_text_format_textfile_collectors_accept()
    {
        using var sandbox = Sandbox.Start(new SandboxOptions { Processes = 2, Network = false });

        var (exitCode, stdout, stderr) = ServiceProcess.Run("collect", "--output", "-", "--rate-window", "200ms");

        Assert.True(exitCode == 0, $"collect failed ({exitCode}): {stderr}");
        var exposition = Exposition.Parse(stdout);
        Assert.Equal(2, exposition.Value("jail_maxproc", sandbox.Name));
        Assert.DoesNotContain("# EOF", stdout, StringComparison.Ordinal);
        var lines = stdout.Split('\n');
        // Only the classic types: no OpenMetrics info or stateset.
        var typeLines = lines.Where(l => l.StartsWith("# TYPE ", StringComparison.Ordinal)).ToList();
        Assert.All(typeLines, l => Assert.Matches(@" (gauge|counter)$", l));
        // Exactly one HELP and one TYPE per family, and every series once.
        Assert.Equal(typeLines.Count, typeLines.Distinct().Count());
        Assert.Equal(typeLines.Count, lines.Count(l => l.StartsWith("# HELP ", StringComparison.Ordinal)));
        var series = lines.Where(l => l.Length > 0 && !l.StartsWith('#')).Select(l => l[..l.LastIndexOf(' ')]).ToList();
        Assert.Equal(series.Count, series.Distinct().Count());
        // No timestamps: node_exporter's textfile collector refuses them.
        Assert.DoesNotContain(lines, l => l.Length > 0 && !l.StartsWith('#') && Regex.IsMatch(l, @"(\}|^[a-zA-Z_:][a-zA-Z0-9_:]*) \S+ \S+$"));
        var (promtoolExit, promtoolOutput) = Promtool.CheckMetrics(stdout);
        Assert.True(promtoolExit == 0, promtoolOutput);
    }

    [Fact]
    public async Task The_prom_file_is_replaced_by_a_rename_from_a_temporary_name_node_exporter_does_not_read()
    {
        string file = Path.Combine(_directory, "jails.prom");
        File.WriteAllText(file, "# the previous sample\n");
        var events = new List<string>();
        using var watcher = new FileSystemWatcher(_directory) { NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite };
        watcher.Created += (_, e) => { lock (events) events.Add($"created {e.Name}"); };
        watcher.Changed += (_, e) => { lock (events) events.Add($"changed {e.Name}"); };
        watcher.Renamed += (_, e) => { lock (events) events.Add($"renamed {e.OldName} -> {e.Name}"); };
        watcher.EnableRaisingEvents = true;

        var (exitCode, _, stderr) = ServiceProcess.Run("collect", "-o", file, "--rate-window", "0");
        Assert.True(exitCode == 0, $"collect failed ({exitCode}): {stderr}");

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (DateTime.UtcNow < deadline && !Snapshot(events).Any(e => e.EndsWith("-> jails.prom", StringComparison.Ordinal))) await Task.Delay(50);
        var seen = Snapshot(events);
        // The content is written under a name the textfile collector ignores (it reads *.prom only),
        // then renamed over the old file in one step: jails.prom is never created or written in place.
        var rename = Assert.Single(seen, e => e.StartsWith("renamed ", StringComparison.Ordinal));
        Assert.Matches(@"^renamed \.jails\.prom\.\d+\.tmp -> jails\.prom$", rename);
        Assert.DoesNotContain(seen, e => !e.StartsWith("renamed ", StringComparison.Ordinal) && e.EndsWith(".prom", StringComparison.Ordinal));
        Assert.Equal(["jails.prom"], Directory.GetFiles(_directory).Select(Path.GetFileName));
        Assert.Contains("jail_id{name=\"host\"} 0", File.ReadAllText(file), StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_directory_or_a_directory_as_output_is_refused_and_nothing_is_written()
    {
        string missing = Path.Combine(_directory, "no-such-dir", "x.prom");
        var (exitCode, _, stderr) = ServiceProcess.Run("collect", "--output", missing);
        Assert.Equal(2, exitCode);
        Assert.Equal($"jailmetrics collect: --output {missing}: directory {Path.GetDirectoryName(missing)} does not exist", stderr.Trim());
        Assert.False(Directory.Exists(Path.GetDirectoryName(missing)));

        var asDirectory = ServiceProcess.Run("collect", "--output", _directory);
        Assert.Equal(2, asDirectory.ExitCode);
        Assert.Contains("is a directory", asDirectory.Stderr, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(_directory));
    }

    [Fact]
    public void A_bad_setting_stops_collect_with_the_services_message_and_exit_code_2()
    {
        string file = Path.Combine(_directory, "x.prom");

        var (exitCode, stdout, stderr) = ServiceProcess.Run("collect", "-o", file, "--path.procfs", "/nonexistent-proc");

        Assert.Equal(2, exitCode);
        Assert.Equal("jailmetrics collect: invalid configuration: Linux:ProcRoot (--path.procfs, JAILMETRICS_Linux__ProcRoot): '/nonexistent-proc' is not a directory", stderr.Trim());
        Assert.Equal("", stdout.Trim());
        Assert.False(File.Exists(file));
    }

    private static List<string> Snapshot(List<string> events)
    {
        lock (events) return [.. events];
    }
}
