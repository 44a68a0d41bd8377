using JailMetrics.Alerts;
using JailMetrics.Linux;
using JailMetrics.Linux.Enforcement;
using JailMetrics.State;
using JailMetrics.Store;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JailMetrics.Service.Alerts;

/// <summary>
/// The platform's enforcer as an alert sink: a firing rule's `Enforce` limit is installed, and
/// removed when it resolves, through a ledger that only ever touches what the service installed.
/// </summary>
public static class EnforcementSinks
{
    /// <summary>
    /// Linux: cgroup limits. The ledger is reconciled with the kernel when the sink is made (at the
    /// first sample), so limits removed by hand while the service was down are forgotten, not re-removed.
    /// FreeBSD's RctlEnforcer (JailMetrics.FreeBsd/Enforcement) needs an IAlertSink adapter of the
    /// same shape; until then rules there notify without enforcing.
    /// </summary>
    public static IAlertSink? Create(IServiceProvider services)
    {
        if (!OperatingSystem.IsLinux()) return null;
        var loggers = services.GetRequiredService<ILoggerFactory>();
        string state = services.GetRequiredService<IOptions<StateOptions>>().Value.Directory;
        string sysRoot = services.GetRequiredService<IOptions<LinuxSourceOptions>>().Value.SysRoot;
        bool dryRun = services.GetRequiredService<IOptions<EnforcementOptions>>().Value.DryRun;

        var enforcer = new LinuxCgroupEnforcer(sysRoot, new LinuxEnforcementLedger(state, loggers.CreateLogger<LinuxEnforcementLedger>()),
            dryRun, loggers.CreateLogger<LinuxCgroupEnforcer>());
        enforcer.Reconcile();
        // Looked up when a transition comes, from the sample being published (the store holds it as
        // Latest before it tells its consumers); resolving the store here would be a cycle.
        return new CgroupEnforcementSink(enforcer, jail => CgroupOf(services.GetRequiredService<SnapshotStore>(), jail),
            loggers.CreateLogger<CgroupEnforcementSink>());
    }

    private static string? CgroupOf(SnapshotStore store, string jail) =>
        store.Latest.Find(jail)?.Info.Parameters.GetValueOrDefault("cgroup") ??
        store.Previous.Find(jail)?.Info.Parameters.GetValueOrDefault("cgroup"); // a jail that just vanished
}
