using JailMetrics.FreeBsd.Kernel;
using JailMetrics.FreeBsd.Native;
using JailMetrics.FreeBsd.Text;
using JailMetrics.Rules;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace JailMetrics.FreeBsd.Enforcement;

/// <summary>
/// Installs and removes rctl(8) rules on jails through rctl_add_rule(2) / rctl_remove_rule(2), and
/// remembers in an <see cref="RctlLedger"/> which rules it added, so that it only ever removes its own.
/// <para>
/// Kernel behaviour this has to respect (sys/kern/kern_rctl.c <c>rctl_rule_add</c>; reference
/// freebsd.md §1.4): adding a <c>deny</c> rule silently removes any rule that differs from it only in
/// amount, and adding any other rule first removes an identical one. So before adding, the enforcer
/// reads the jail's rules and refuses when the add would replace a rule someone else made, and it never
/// takes ownership of an identical rule it finds already there.
/// </para>
/// <para>
/// The ledger is written ahead of the kernel call: a crash between the two leaves a ledger entry
/// without a kernel rule, which <see cref="Reconcile"/> drops, rather than a kernel rule nobody owns.
/// Rules are removed with a filter that spells out /per (<see cref="RctlRule.ToExactFilter"/>) so the
/// removal cannot match a neighbouring rule.
/// </para>
/// </summary>
public sealed class RctlEnforcer(IFreeBsdNative native, RctlLedger ledger, ILogger<RctlEnforcer>? logger = null)
{
    private readonly ILogger _logger = logger ?? NullLogger<RctlEnforcer>.Instance;
    private readonly Lock _lock = new();
    private readonly RctlReader _reader = new(native);

    public RctlLedger Ledger => ledger;

    /// <summary>Adds <paramref name="rule"/> (a jail rule, amount in base units) and records it as owned.</summary>
    /// <exception cref="ArgumentException">The rule's subject is not a jail.</exception>
    public RctlResult Add(RctlRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        if (rule.Subject != RctlVocabulary.Jail)
            throw new ArgumentException($"the enforcer manages jail rules only, not '{rule}'", nameof(rule));

        lock (_lock)
        {
            var existing = ReadRules($"{RctlVocabulary.Jail}:{rule.SubjectId}:{rule.ResourceName}", out int readErrno);
            if (existing is null) return Failed(rule, readErrno, "read the jail's rules before adding");

            if (existing.Contains(rule))
            {
                return ledger.Contains(rule)
                    ? Result(RctlOutcome.AlreadyInPlace, rule, $"rctl rule {rule} is already in place")
                    : Result(RctlOutcome.ForeignRule, rule, $"an identical rctl rule {rule} was added outside jailmetrics; leaving it alone and not taking ownership", LogLevel.Warning);
            }

            // The kernel keeps one deny rule per subject, resource and per: ours would replace these.
            var replaced = rule.Action == RctlVocabulary.Deny
                ? existing.Where(r => r.Action == RctlVocabulary.Deny && r.EffectivePer == rule.EffectivePer && r.SubjectId == rule.SubjectId).ToList()
                : [];
            if (replaced.FirstOrDefault(r => !ledger.Contains(r)) is { } foreign)
                return Result(RctlOutcome.ForeignRule, rule, $"adding rctl rule {rule} would replace {foreign}, which was added outside jailmetrics; refusing", LogLevel.Warning);

            ledger.Add(rule);
            if (native.RctlAddRule(rule.ToString(), out int errno) != 0)
            {
                ledger.Remove(rule);
                return Failed(rule, errno, "add");
            }
            foreach (var old in replaced) ledger.Remove(old);
            string replacing = replaced.Count == 0 ? "" : $" (replacing {string.Join(", ", replaced)})";
            return Result(RctlOutcome.Added, rule, $"added rctl rule {rule}{replacing}", LogLevel.Information);
        }
    }

    /// <summary>Removes <paramref name="rule"/> if, and only if, this service added it.</summary>
    public RctlResult Remove(RctlRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        lock (_lock)
        {
            if (!ledger.Contains(rule))
                return Result(RctlOutcome.NotOwned, rule, $"rctl rule {rule} was not added by jailmetrics; it can only remove rules it added", LogLevel.Warning);

            if (native.RctlRemoveRule(rule.ToExactFilter(), out int errno) == 0)
            {
                ledger.Remove(rule);
                return Result(RctlOutcome.Removed, rule, $"removed rctl rule {rule}", LogLevel.Information);
            }
            if (errno == Errno.ESRCH)
            {
                // rctl_rule_remove matched nothing: someone removed it by hand (or the host rebooted).
                ledger.Remove(rule);
                return Result(RctlOutcome.AlreadyGone, rule, $"rctl rule {rule} was already gone from the kernel; dropped it from the ledger", LogLevel.Information);
            }
            return Failed(rule, errno, "remove");
        }
    }

    /// <summary>
    /// Drops ledger entries whose rule the kernel no longer has — removed by hand, lost at a reboot, or
    /// left by a crash between the ledger write and the kernel call. Reads <c>rctl_get_rules("jail:")</c>
    /// and changes nothing in the kernel.
    /// </summary>
    public RctlReconcileResult Reconcile()
    {
        lock (_lock)
        {
            var kernel = ReadRules(RctlVocabulary.Jail + ":", out int errno);
            if (kernel is null)
            {
                string error = RctlErrors.Describe(errno);
                _logger.LogWarning("Cannot reconcile the rctl ledger: {Error}", error);
                return new RctlReconcileResult(false, [], error, errno);
            }
            var present = kernel.ToHashSet();
            var dropped = ledger.Rules.Where(r => !present.Contains(r)).ToList();
            foreach (var rule in dropped)
            {
                ledger.Remove(rule);
                _logger.LogInformation("rctl rule {Rule} is no longer in the kernel; dropped it from the ledger", rule);
            }
            return new RctlReconcileResult(true, dropped);
        }
    }

    /// <summary>rctl_get_rules(2) with the ERANGE retry, parsed; null with the errno on failure.</summary>
    private IReadOnlyList<RctlRule>? ReadRules(string filter, out int errno) =>
        _reader.TryGetRules(filter, out string text, out errno) ? RctlRuleParser.Parse(text) : null;

    private RctlResult Failed(RctlRule rule, int errno, string what)
    {
        string message = $"cannot {what} rctl rule {rule}: {RctlErrors.Describe(errno, rule)}";
        _logger.LogError("{Message}", message);
        return new RctlResult(RctlOutcome.Failed, rule, message, errno);
    }

    private RctlResult Result(RctlOutcome outcome, RctlRule rule, string message, LogLevel level = LogLevel.Debug)
    {
        _logger.Log(level, "{Message}", message);
        return new RctlResult(outcome, rule, message);
    }
}
