using JailMetrics.Service.Configuration;
using JailMetrics.Service.Hosting;
using JailMetrics.Service.Web;
using JailMetrics.Sampling;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace JailMetrics.Tests.Configuration;

public sealed class ConfigurationLoaderTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("jailmetrics-config-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static KeyValuePair<string, string?> Pair(string key, string? value) => new(key, value);

    private string WriteFile(string json)
    {
        string path = Path.Combine(_directory, "jailmetrics.json");
        File.WriteAllText(path, json);
        return path;
    }

    [Fact]
    public void A_malformed_json_file_is_reported_with_its_path_and_line()
    {
        string path = WriteFile("{\n  \"Web\": {\n    \"TelemetryPath\": \"/m\"\n    \"ListenAddresses\": []\n  }\n}\n");

        var error = Assert.Throws<ConfigurationException>(() => ConfigurationLoader.Load(path, [], []));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("line 4", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_json_file_that_is_not_an_object_is_reported_with_its_path()
    {
        string path = WriteFile("[1, 2]");

        var error = Assert.Throws<ConfigurationException>(() => ConfigurationLoader.Load(path, [], []));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("object", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_reported_with_its_path()
    {
        string path = Path.Combine(_directory, "nope.json");

        var error = Assert.Throws<ConfigurationException>(() => ConfigurationLoader.Load(path, [], []));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_environment_variable_overrides_the_file()
    {
        string path = WriteFile("""{ "Web": { "TelemetryPath": "/from-file" }, "Sampling": { "Interval": "30s" } }""");

        var configuration = ConfigurationLoader.Load(path, [Pair("JAILMETRICS_Web__TelemetryPath", "/from-env"), Pair("PATH", "/bin")], []);

        Assert.Equal("/from-env", configuration["Web:TelemetryPath"]);
        Assert.Equal("30s", configuration["Sampling:Interval"]);
    }

    [Fact]
    public void A_flag_overrides_the_environment_and_the_file()
    {
        string path = WriteFile("""{ "Web": { "TelemetryPath": "/from-file" } }""");

        var configuration = ConfigurationLoader.Load(path,
            [Pair("JAILMETRICS_Web__TelemetryPath", "/from-env")],
            [Pair("Web:TelemetryPath", "/from-flag")]);

        Assert.Equal("/from-flag", configuration["Web:TelemetryPath"]);
    }

    [Fact]
    public void A_list_given_by_flags_replaces_the_files_list_whole()
    {
        string path = WriteFile("""{ "Web": { "ListenAddresses": [ "127.0.0.1:1000", "127.0.0.1:1001" ] } }""");

        var configuration = ConfigurationLoader.Load(path, [], [Pair("Web:ListenAddresses:0", "127.0.0.1:2000")]);

        Assert.Equal(["127.0.0.1:2000"], configuration.GetSection("Web:ListenAddresses").GetChildren().Select(c => c.Value));
    }

    [Fact]
    public void Options_see_the_layered_values()
    {
        string path = WriteFile("""{ "Sampling": { "Interval": "1m" }, "State": { "Directory": "/tmp/x" }, "Web": { "TelemetryPath": "/file" } }""");
        var configuration = ConfigurationLoader.Load(path,
            [Pair("JAILMETRICS_Sampling__Interval", "500ms"), Pair("JAILMETRICS_Web__TelemetryPath", "/env")],
            [Pair("Web:TelemetryPath", "/flag"), Pair("State:Directory", _directory)]);

        using var app = ServiceHost.Build(configuration);

        Assert.Equal(TimeSpan.FromMilliseconds(500), app.Services.GetRequiredService<IOptions<SamplerOptions>>().Value.Interval);
        Assert.Equal("/flag", app.Services.GetRequiredService<IOptions<WebOptions>>().Value.TelemetryPath);
        Assert.Equal([WebOptions.DefaultListenAddress], app.Services.GetRequiredService<IOptions<WebOptions>>().Value.EffectiveListenAddresses);
    }

    [Theory]
    [InlineData("10x", "is not a duration")]
    [InlineData("fast", "is not a duration")]
    [InlineData("50ms", "at least 100ms")]
    [InlineData("00:00:00.010", "at least 100ms")]
    public void A_bad_interval_stops_startup_naming_the_key_and_the_reason(string interval, string reason)
    {
        var configuration = ConfigurationLoader.Load(null, [], [Pair("Sampling:Interval", interval), Pair("State:Directory", _directory)]);

        var error = Assert.Throws<ConfigurationException>(() => ServiceHost.Build(configuration));

        Assert.Contains("Sampling:Interval", error.Message, StringComparison.Ordinal);
        Assert.Contains("--sampling.interval", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1x", "is not a duration")]
    [InlineData("-1m", "is not a duration")]
    [InlineData("5s", "is shorter than Sampling:Interval")]
    public void A_bad_slow_interval_stops_startup_naming_the_key_and_the_reason(string slow, string reason)
    {
        var configuration = ConfigurationLoader.Load(null, [],
            [Pair("Sampling:Interval", "10s"), Pair("Sampling:SlowInterval", slow), Pair("State:Directory", _directory)]);

        var error = Assert.Throws<ConfigurationException>(() => ServiceHost.Build(configuration));

        Assert.Contains("Sampling:SlowInterval", error.Message, StringComparison.Ordinal);
        Assert.Contains("--sampling.slow-interval", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, 6)] // the defaults: 1m / 10s
    [InlineData("30s", 3)]
    [InlineData("10s", 1)]
    [InlineData("0s", 1)]
    [InlineData(null, 1, "1h")] // the default slow interval under a longer interval: every sample, not an error
    [InlineData("25s", 2)] // rounded down: full reads never further apart than the slow interval
    public void The_slow_interval_sets_how_often_the_linux_source_reads_everything(string? slow, int every, string interval = "10s")
    {
        if (!OperatingSystem.IsLinux()) return;
        var flags = new List<KeyValuePair<string, string?>> { Pair("Sampling:Interval", interval), Pair("State:Directory", _directory) };
        if (slow is not null) flags.Add(Pair("Sampling:SlowInterval", slow));
        using var app = ServiceHost.Build(ConfigurationLoader.Load(null, [], flags));

        var source = Assert.IsType<JailMetrics.Linux.LinuxJailSource>(app.Services.GetRequiredService<IJailSource>());
        Assert.Equal(every, source.FullSampleEvery);
    }

    [Fact]
    public void Every_bad_value_is_reported_at_once()
    {
        var configuration = ConfigurationLoader.Load(null, [], [
            Pair("Sampling:Interval", "1x"), Pair("Web:ListenAddresses:0", "example.org:80"),
            Pair("Web:TelemetryPath", "metrics"), Pair("State:Directory", _directory)]);

        var error = Assert.Throws<ConfigurationException>(() => ServiceHost.Build(configuration));

        Assert.Contains("Sampling:Interval", error.Message, StringComparison.Ordinal);
        Assert.Contains("Web:ListenAddresses", error.Message, StringComparison.Ordinal);
        Assert.Contains("Web:TelemetryPath", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_misspelt_key_in_a_known_section_stops_startup()
    {
        string path = WriteFile("""{ "Web": { "TelemetyPath": "/m" } }""");
        var configuration = ConfigurationLoader.Load(path, [], [Pair("State:Directory", _directory)]);

        var error = Assert.Throws<ConfigurationException>(() => ServiceHost.Build(configuration));

        Assert.Contains("Web:TelemetyPath", error.Message, StringComparison.Ordinal);
        Assert.Contains("unknown", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_procfs_stops_startup()
    {
        var configuration = ConfigurationLoader.Load(null, [], [Pair("Linux:ProcRoot", "/no/such/proc"), Pair("State:Directory", _directory)]);

        var error = Assert.Throws<ConfigurationException>(() => ServiceHost.Build(configuration));

        Assert.Contains("--path.procfs", error.Message, StringComparison.Ordinal);
        Assert.Contains("/no/such/proc", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("debug", "Debug")]
    [InlineData("info", "Information")]
    [InlineData("WARN", "Warning")]
    [InlineData("error", "Error")]
    [InlineData("Trace", "Trace")]
    public void Log_levels_accept_exporter_and_dotnet_names(string given, string expected)
    {
        var configuration = ConfigurationLoader.Load(null, [Pair("JAILMETRICS_Logging__LogLevel__Default", given)], []);

        Assert.Equal(expected, configuration["Logging:LogLevel:Default"]);
    }

    [Fact]
    public void A_bad_log_level_is_reported_naming_the_flag()
    {
        var error = Assert.Throws<ConfigurationException>(() => ConfigurationLoader.Load(null, [], [Pair("Logging:LogLevel:Default", "chatty")]));

        Assert.Contains("--log.level", error.Message, StringComparison.Ordinal);
        Assert.Contains("chatty", error.Message, StringComparison.Ordinal);
    }
}
