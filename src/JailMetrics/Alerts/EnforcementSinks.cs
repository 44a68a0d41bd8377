using JailMetrics.Alerts;
using JailMetrics.FreeBsd.Enforcement;
using JailMetrics.FreeBsd.Native;
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
    /// FreeBSD: rctl rules, with the same ledger reconcile at creation.
    /// </summary>
    public static IEnforcementSink? Create(IServiceProvider services)
    {
        if (OperatingSystem.IsFreeBSD()) return CreateRctl(services);
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

    /// <summary>
    /// FreeBSD: rctl rules through libc, owned through the ledger in the state directory. Reconciling
    /// first drops ledger entries for rules gone while the service was down (removed by hand, or lost
    /// at a reboot), so a later resolve does not try to remove them and a hand-made twin is not taken
    /// for ours. In a dry run the sink logs and never calls the enforcer, so nothing is owned.
    /// </summary>
    [System.Runtime.Versioning.SupportedOSPlatform("freebsd")]
    private static RctlEnforcementSink CreateRctl(IServiceProvider services)
    {
        var loggers = services.GetRequiredService<ILoggerFactory>();
        string state = services.GetRequiredService<IOptions<StateOptions>>().Value.Directory;
        bool dryRun = services.GetRequiredService<IOptions<EnforcementOptions>>().Value.DryRun;

        var enforcer = new RctlEnforcer(new LibcFreeBsdNative(), new RctlLedger(state, loggers.CreateLogger<RctlLedger>()),
            loggers.CreateLogger<RctlEnforcer>());
        enforcer.Reconcile();
        return new RctlEnforcementSink(enforcer, loggers.CreateLogger<RctlEnforcementSink>(), dryRun);
    }

    private static string? CgroupOf(SnapshotStore store, string jail) =>
        store.FindLatestOrVanished(jail)?.Info.Parameters.GetValueOrDefault("cgroup"); // a jail that just vanished too
}
