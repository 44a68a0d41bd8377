using JailMetrics.Rules;

namespace JailMetrics.Linux.Enforcement;

/// <summary>What a <see cref="LinuxCgroupEnforcer"/> call did.</summary>
public enum CgroupOutcome
{
    /// <summary>The limit was written and recorded in the ledger.</summary>
    Applied,
    /// <summary>Our limit already held this value; nothing changed.</summary>
    AlreadyInPlace,
    /// <summary>Our limit was changed to the new amount (the value to restore is kept).</summary>
    Changed,
    /// <summary>The value we replaced was written back and the ledger entry dropped.</summary>
    Removed,
    /// <summary>The cgroup is gone; the ledger entry was dropped.</summary>
    AlreadyGone,
    /// <summary>Dry run: nothing was written; the message says what would have been.</summary>
    DryRun,
    /// <summary>Refused: the ledger does not list this limit, so jailmetrics did not set it.</summary>
    NotOwned,
    /// <summary>Refused: the knob holds a limit someone else set (or changed by hand after us).</summary>
    ForeignLimit,
    /// <summary>Refused: the rule has no cgroup equivalent here.</summary>
    Unsupported,
    /// <summary>The cgroup files could not be read or written.</summary>
    Failed,
}

/// <summary>The result of one enforcement call, with a sentence fit for a log line.</summary>
public sealed record CgroupResult(CgroupOutcome Outcome, RctlRule Rule, string Message)
{
    public bool Succeeded => Outcome is CgroupOutcome.Applied or CgroupOutcome.AlreadyInPlace or CgroupOutcome.Changed
        or CgroupOutcome.Removed or CgroupOutcome.AlreadyGone or CgroupOutcome.DryRun;
}

/// <summary>What <see cref="LinuxCgroupEnforcer.Reconcile"/> dropped from the ledger, and why.</summary>
public sealed record CgroupReconcileResult(IReadOnlyList<CgroupLedgerEntry> Vanished, IReadOnlyList<CgroupLedgerEntry> ChangedByHand);
