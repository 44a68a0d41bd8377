using JailMetrics.Linux;
using JailMetrics.Sampling;
using JailMetrics.Service.Web;
using JailMetrics.State;

namespace JailMetrics.Service.Configuration;

/// <summary>Every setting a flag can give (the rest, such as <c>Linux:Names</c>, live only in the file and environment).</summary>
public static class Settings
{
    public static Setting ListenAddresses { get; } = new(
        $"{WebOptions.Section}:{nameof(WebOptions.ListenAddresses)}", "--web.listen-address",
        "Address to serve /metrics and the landing page on: IP:port, [IPv6]:port, :port for every address, or localhost:port; repeat for several",
        WebOptions.DefaultListenAddress, IsList: true);

    public static Setting TelemetryPath { get; } = new(
        $"{WebOptions.Section}:{nameof(WebOptions.TelemetryPath)}", "--web.telemetry-path",
        "Path under which to expose the metrics", WebOptions.DefaultTelemetryPath);

    public static Setting SamplingInterval { get; } = new(
        $"{SamplerOptions.Section}:{nameof(SamplerOptions.Interval)}", "--sampling.interval",
        "Time between two samples of every jail (500ms, 10s, 1m or 00:00:10; at least 100ms); scrapes read the latest sample",
        Duration.Format(new SamplerOptions().Interval));

    public static Setting StateDirectory { get; } = new(
        $"{StateOptions.Section}:{nameof(StateOptions.Directory)}", "--state.directory",
        "Directory for state kept across restarts (the stable jail indexes)", StateOptions.DefaultDirectory());

    public static Setting ProcRoot { get; } = new(
        $"{LinuxSourceOptions.Section}:{nameof(LinuxSourceOptions.ProcRoot)}", "--path.procfs",
        "procfs mount point (Linux)", new LinuxSourceOptions().ProcRoot);

    public static Setting SysRoot { get; } = new(
        $"{LinuxSourceOptions.Section}:{nameof(LinuxSourceOptions.SysRoot)}", "--path.sysfs",
        "sysfs mount point (Linux)", new LinuxSourceOptions().SysRoot);

    public static Setting LogLevel { get; } = new(
        "Logging:LogLevel:Default", "--log.level",
        "Only log messages with the given severity or above: debug, info, warn, error", "info");

    public static IReadOnlyList<Setting> All { get; } =
        [ListenAddresses, TelemetryPath, SamplingInterval, StateDirectory, ProcRoot, SysRoot, LogLevel];

    /// <summary>The setting whose key is <paramref name="key"/>, for naming it in messages; null for keys no flag sets.</summary>
    public static Setting? Find(string key) =>
        All.FirstOrDefault(s => string.Equals(s.Key, key, StringComparison.OrdinalIgnoreCase));

    /// <summary><paramref name="key"/> as messages show it: with its flag and variable when it has them.</summary>
    public static string Describe(string key) => Find(key)?.DisplayName ?? key;
}
