using JailMetrics.Linux;
using JailMetrics.Service.Alerts;
using JailMetrics.Sampling;
using JailMetrics.Service.Web;
using JailMetrics.Snmp.Agent;
using JailMetrics.Snmp.AgentX;
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

    public static Setting WebConfigFile { get; } = new(
        $"{WebOptions.Section}:{nameof(WebOptions.ConfigFile)}", "--web.config.file",
        "Prometheus exporter-toolkit web configuration file (YAML) enabling TLS and/or basic authentication for every endpoint",
        "none");

    public static Setting SamplingInterval { get; } = new(
        $"{SamplerOptions.Section}:{nameof(SamplerOptions.Interval)}", "--sampling.interval",
        "Time between two samples of every jail (500ms, 10s, 1m or 00:00:10; at least 100ms); scrapes read the latest sample",
        Duration.Format(new SamplerOptions().Interval));

    public static Setting SamplingSlowInterval { get; } = new(
        $"{SamplerOptions.Section}:{nameof(SamplerOptions.SlowInterval)}", "--sampling.slow-interval",
        "Time between two reads of what changes slowly (addresses, disk usage, hostname, cgroup and IPC membership); the samples between " +
        "carry the last values, a new jail is read fully at once; at least --sampling.interval, 0s reads them every sample (Linux)",
        Duration.Format(new SamplerOptions().SlowInterval));

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

    public static Setting SnmpEnabled { get; } = new(
        $"{SnmpAgentOptions.Section}:{nameof(SnmpAgentOptions.Enabled)}", "--snmp.enabled",
        "Serve JAILMETRICS-MIB with the built-in SNMP agent (v1, v2c, v3): true or false", "true");

    public static Setting SnmpListenAddresses { get; } = new(
        $"{SnmpAgentOptions.Section}:{nameof(SnmpAgentOptions.ListenAddresses)}", "--snmp.listen-address",
        "UDP address for the SNMP agent: IPv4:port or [IPv6]:port (port 0 picks a free one); repeat for several. " +
        "Communities (default: public, from loopback only) are set in the file or environment (Snmp:Communities)",
        string.Join(", ", new SnmpAgentOptions().ListenAddresses), IsList: true);

    public static Setting SnmpMaxMessageSize { get; } = new(
        $"{SnmpAgentOptions.Section}:{nameof(SnmpAgentOptions.MaxMessageSize)}", "--snmp.max-message-size",
        $"Largest SNMP response datagram, in octets ({SnmpAgentOptionsValidator.MinMessageSize}..{SnmpAgentOptionsValidator.MaxMessageSize})",
        new SnmpAgentOptions().MaxMessageSize.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static Setting SnmpSysDescr { get; } = new(
        $"{SnmpAgentOptions.Section}:{nameof(SnmpAgentOptions.SysDescr)}", "--snmp.sys-descr",
        "sysDescr.0 of the SNMP agent", "JailMetrics <version> on <OS>");

    public static Setting SnmpSysContact { get; } = new(
        $"{SnmpAgentOptions.Section}:{nameof(SnmpAgentOptions.SysContact)}", "--snmp.sys-contact",
        "sysContact.0 of the SNMP agent: who to call about this host", "empty");

    public static Setting SnmpSysName { get; } = new(
        $"{SnmpAgentOptions.Section}:{nameof(SnmpAgentOptions.SysName)}", "--snmp.sys-name",
        "sysName.0 of the SNMP agent", "the host name");

    public static Setting SnmpSysLocation { get; } = new(
        $"{SnmpAgentOptions.Section}:{nameof(SnmpAgentOptions.SysLocation)}", "--snmp.sys-location",
        "sysLocation.0 of the SNMP agent: where this host is", "empty");

    public static Setting AgentXEnabled { get; } = new(
        $"{AgentXOptions.Section}:{nameof(AgentXOptions.Enabled)}", "--agentx.enabled",
        "Also serve JAILMETRICS-MIB as an AgentX sub-agent (RFC 2741) of the host's snmpd: true or false", "false");

    public static Setting AgentXMaster { get; } = new(
        $"{AgentXOptions.Section}:{nameof(AgentXOptions.Master)}", "--agentx.master",
        "The AgentX master to connect to: a unix socket path (unix:/path or /path) or tcp:host[:port] (port 705 by default)",
        new AgentXOptions().Master);

    public static Setting EnforcementDryRun { get; } = new(
        $"{EnforcementOptions.Section}:{nameof(EnforcementOptions.DryRun)}", "--enforcement.dry-run",
        "Log the limits alert rules would install or remove (cgroup limits on Linux), and change nothing: true or false", "false");

    public static IReadOnlyList<Setting> All { get; } =
    [
        ListenAddresses, TelemetryPath, WebConfigFile, SamplingInterval, SamplingSlowInterval, StateDirectory, ProcRoot, SysRoot, LogLevel,
        SnmpEnabled, SnmpListenAddresses, SnmpMaxMessageSize, SnmpSysDescr, SnmpSysContact, SnmpSysName, SnmpSysLocation,
        AgentXEnabled, AgentXMaster, EnforcementDryRun,
    ];

    /// <summary>The setting whose key is <paramref name="key"/>, for naming it in messages; null for keys no flag sets.</summary>
    public static Setting? Find(string key) =>
        All.FirstOrDefault(s => string.Equals(s.Key, key, StringComparison.OrdinalIgnoreCase));

    /// <summary><paramref name="key"/> as messages show it: with its flag and variable when it has them.</summary>
    public static string Describe(string key) => Find(key)?.DisplayName ?? key;
}
