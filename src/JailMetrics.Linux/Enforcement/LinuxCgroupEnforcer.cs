using System.Globalization;
using JailMetrics.Rules;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace JailMetrics.Linux.Enforcement;

/// <summary>
/// Enforces rctl-style jail rules on Linux by writing cgroup limits (see <see cref="CgroupLimitMap"/>),
/// remembering in a <see cref="LinuxEnforcementLedger"/> what it wrote and what was there before.
/// <para>
/// Ownership rules: a knob is only written when it is unlimited or already ours; removal writes back
/// the exact value read before our first write; a knob whose value differs from what we left was
/// changed by hand, so we forget it and leave the operator's value alone. The ledger is written ahead
/// of the cgroup file so a crash in between leaves an entry <see cref="Reconcile"/> can check, never an
/// unrecorded limit. The jail's cgroup path is assumed to be the same in every hierarchy (true for the
/// sandboxes and for container runtimes that create one cgroup per container everywhere).
/// </para>
/// </summary>
public sealed class LinuxCgroupEnforcer
{
    private readonly CgroupHierarchies _hierarchies;
    private readonly LinuxEnforcementLedger _ledger;
    private readonly bool _dryRun;
    private readonly string? _ioDevice;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();

    /// <param name="sysRoot">The sysfs root, normally <c>/sys</c>.</param>
    /// <param name="dryRun">Log what would be written and change nothing (neither cgroups nor the ledger).</param>
    /// <param name="ioDevice">"major:minor" of the block device readbps/writebps rules throttle in io.max; null refuses those rules.</param>
    public LinuxCgroupEnforcer(string sysRoot, LinuxEnforcementLedger ledger, bool dryRun, ILogger? logger = null, string? ioDevice = null)
    {
        _hierarchies = new CgroupHierarchies(sysRoot);
        _ledger = ledger;
        _dryRun = dryRun;
        _ioDevice = ioDevice;
        _logger = logger ?? NullLogger.Instance;
    }

    public LinuxEnforcementLedger Ledger => _ledger;

    /// <summary>Installs <paramref name="rule"/> on the jail whose cgroup is <paramref name="cgroupPath"/>.</summary>
    public CgroupResult Apply(string jailName, string cgroupPath, RctlRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        lock (_lock)
        {
            if (!Locate(cgroupPath, rule, out var limit, out string directory, out var refused)) return refused!;
            var setting = limit!.Setting;
            string where = Path.Combine(directory, setting.File);
            string? current;
            try
            {
                current = setting.Read(directory);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return Result(CgroupOutcome.Failed, rule, $"cannot read {where} before applying {rule}: {e.Message}", LogLevel.Error);
            }
            if (current is null)
                return Result(CgroupOutcome.Failed, rule, $"cannot apply {rule}: {where} does not exist (cgroup gone, or the {setting.Controller} controller not enabled for it)", LogLevel.Error);

            var owned = _ledger.Find(directory, setting);
            if (owned is not null && current != owned.Installed)
            {
                if (!_dryRun) _ledger.Remove(owned);
                return Result(CgroupOutcome.ForeignLimit, rule,
                    $"{Describe(where, setting)} holds '{current}', not the '{owned.Installed}' jailmetrics wrote: it was changed by hand; forgetting it and refusing to apply {rule}", LogLevel.Warning);
            }
            if (owned is null && !CgroupSetting.IsUnlimited(current))
                return Result(CgroupOutcome.ForeignLimit, rule,
                    $"{Describe(where, setting)} already holds '{current}', a limit jailmetrics did not set; refusing to apply {rule}", LogLevel.Warning);
            if (owned is not null && owned.Rule == rule.ToString())
                return Result(CgroupOutcome.AlreadyInPlace, rule, $"{rule} is already in place ({Describe(where, setting)} = '{current}')");

            if (_dryRun)
                return Result(CgroupOutcome.DryRun, rule, $"dry run: would write '{limit.Value}' to {Describe(where, setting)} (now '{current}') for {rule}", LogLevel.Information);

            // Write-ahead: the entry exists before the value does.
            var entry = new CgroupLedgerEntry(jailName, cgroupPath, rule.ToString(), directory, setting.File, setting.Device, setting.Key,
                owned?.Previous ?? current, limit.Value);
            _ledger.Put(entry);
            try
            {
                setting.Write(directory, limit.Value);
                // The kernel may round (memory to pages): remember what it shows, so a later comparison is fair.
                string shown = setting.Read(directory) ?? limit.Value;
                if (shown != limit.Value) _ledger.Put(entry with { Installed = shown });
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                if (owned is null) _ledger.Remove(entry);
                else _ledger.Put(owned);
                return Result(CgroupOutcome.Failed, rule, $"cannot write '{limit.Value}' to {Describe(where, setting)} for {rule}: {e.Message}", LogLevel.Error);
            }
            return owned is null
                ? Result(CgroupOutcome.Applied, rule, $"applied {rule}: wrote '{limit.Value}' to {Describe(where, setting)} (was '{current}')", LogLevel.Information)
                : Result(CgroupOutcome.Changed, rule, $"changed {Describe(where, setting)} from '{current}' to '{limit.Value}' for {rule} (replacing {owned.Rule})", LogLevel.Information);
        }
    }

    /// <summary>Removes <paramref name="rule"/> if, and only if, jailmetrics applied it: writes back the value it replaced.</summary>
    public CgroupResult Remove(string jailName, string cgroupPath, RctlRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        lock (_lock)
        {
            if (!Locate(cgroupPath, rule, out var limit, out string directory, out var refused)) return refused!;
            var setting = limit!.Setting;
            string where = Path.Combine(directory, setting.File);
            var owned = _ledger.Find(directory, setting);
            if (owned is null || owned.Rule != rule.ToString())
                return Result(CgroupOutcome.NotOwned, rule, $"{rule} on jail {jailName} was not applied by jailmetrics ({Describe(where, setting)} is not in its ledger for this rule); leaving it alone", LogLevel.Warning);

            string? current;
            try
            {
                current = setting.Read(directory);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return Result(CgroupOutcome.Failed, rule, $"cannot read {where} before removing {rule}: {e.Message}", LogLevel.Error);
            }
            if (current is null)
            {
                if (!_dryRun) _ledger.Remove(owned);
                return Result(CgroupOutcome.AlreadyGone, rule, $"{where} no longer exists (cgroup removed); dropped {rule} from the ledger", LogLevel.Information);
            }
            if (current != owned.Installed)
            {
                if (!_dryRun) _ledger.Remove(owned);
                return Result(CgroupOutcome.ForeignLimit, rule,
                    $"{Describe(where, setting)} holds '{current}', not the '{owned.Installed}' jailmetrics wrote: changed by hand, so it is left as it is and dropped from the ledger", LogLevel.Warning);
            }
            if (_dryRun)
                return Result(CgroupOutcome.DryRun, rule, $"dry run: would restore '{owned.Previous}' to {Describe(where, setting)} (now '{current}') removing {rule}", LogLevel.Information);
            try
            {
                setting.Write(directory, owned.Previous);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return Result(CgroupOutcome.Failed, rule, $"cannot restore '{owned.Previous}' to {Describe(where, setting)} removing {rule}: {e.Message}", LogLevel.Error);
            }
            _ledger.Remove(owned);
            return Result(CgroupOutcome.Removed, rule, $"removed {rule}: restored '{owned.Previous}' to {Describe(where, setting)}", LogLevel.Information);
        }
    }

    /// <summary>
    /// Startup check: drops entries whose cgroup vanished and entries whose knob no longer holds our
    /// value (changed by hand — their value is left). Writes no cgroup file.
    /// </summary>
    public CgroupReconcileResult Reconcile()
    {
        lock (_lock)
        {
            var vanished = new List<CgroupLedgerEntry>();
            var changed = new List<CgroupLedgerEntry>();
            foreach (var entry in _ledger.Entries)
            {
                string? current;
                try
                {
                    current = entry.Setting.Read(entry.Directory);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    _logger.LogWarning("Cannot read {File} in {Directory} while reconciling: {Error}; keeping the entry", entry.File, entry.Directory, e.Message);
                    continue;
                }
                if (current is null) vanished.Add(entry);
                else if (current != entry.Installed) changed.Add(entry);
                else continue;
                if (!_dryRun) _ledger.Remove(entry);
                _logger.LogInformation(current is null
                    ? "cgroup limit {Rule} ({File} in {Directory}): the cgroup is gone; dropped it from the ledger"
                    : "cgroup limit {Rule} ({File} in {Directory}) was changed by hand; dropped it from the ledger and left the value", entry.Rule, entry.File, entry.Directory);
            }
            return new CgroupReconcileResult(vanished, changed);
        }
    }

    private bool Locate(string cgroupPath, RctlRule rule, out CgroupLimit? limit, out string directory, out CgroupResult? refused)
    {
        directory = "";
        refused = null;
        limit = null;
        ArgumentNullException.ThrowIfNull(cgroupPath);
        // A path climbing out of the hierarchy would let a jail name aim our writes anywhere under /sys.
        if (cgroupPath.Split('/').Any(part => part is ".." or "."))
        {
            refused = Result(CgroupOutcome.Failed, rule, $"cgroup path '{cgroupPath}' is not a plain cgroup path", LogLevel.Error);
            return false;
        }
        if (cgroupPath is "" or "/")
        {
            refused = Result(CgroupOutcome.Unsupported, rule, $"{rule}: the jail is in the root cgroup, where the kernel has no limits; refusing", LogLevel.Warning);
            return false;
        }
        limit = CgroupLimitMap.Map(rule, _hierarchies, _ioDevice, ReadPeriod, cgroupPath, out string? error);
        if (limit is null)
        {
            refused = Result(CgroupOutcome.Unsupported, rule, error!, LogLevel.Warning);
            return false;
        }
        var found = _hierarchies.Find(limit.Setting.Controller)!.Value;
        directory = CgroupHierarchies.Directory(found.Root, cgroupPath);
        return true;
    }

    private static long? ReadPeriod(string directory) =>
        new CgroupSetting("cpu", "cpu.cfs_period_us").Read(directory) is { } text && long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long period)
            ? period : null;

    private static string Describe(string path, CgroupSetting setting) => setting.Device is null ? path : $"{path} [{setting.Device} {setting.Key}]";

    private CgroupResult Result(CgroupOutcome outcome, RctlRule rule, string message, LogLevel level = LogLevel.Debug)
    {
        _logger.Log(level, "{Message}", message);
        return new CgroupResult(outcome, rule, message);
    }
}
