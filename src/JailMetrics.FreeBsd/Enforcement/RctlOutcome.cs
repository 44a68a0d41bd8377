using JailMetrics.FreeBsd.Text;
using JailMetrics.Rules;

namespace JailMetrics.FreeBsd.Enforcement;

/// <summary>What an <see cref="RctlEnforcer"/> call did.</summary>
public enum RctlOutcome
{
    /// <summary>The rule was added to the kernel and the ledger.</summary>
    Added,
    /// <summary>The service already owned this exact rule in the kernel; nothing changed.</summary>
    AlreadyInPlace,
    /// <summary>The rule was removed from the kernel and the ledger.</summary>
    Removed,
    /// <summary>The kernel no longer had the rule (ESRCH, removed by hand); the ledger entry was dropped.</summary>
    AlreadyGone,
    /// <summary>Refused: the rule is not in the ledger, so the service did not add it and will not remove it.</summary>
    NotOwned,
    /// <summary>Refused: the change would replace or adopt a rule someone else added.</summary>
    ForeignRule,
    /// <summary>The kernel refused; <see cref="RctlResult.Errno"/> says why.</summary>
    Failed,
}

/// <summary>The result of one enforcement call, with a sentence fit for a log line.</summary>
public sealed record RctlResult(RctlOutcome Outcome, RctlRule Rule, string Message, int Errno = 0)
{
    public bool Succeeded => Outcome is RctlOutcome.Added or RctlOutcome.AlreadyInPlace or RctlOutcome.Removed or RctlOutcome.AlreadyGone;
}

/// <summary>What <see cref="RctlEnforcer.Reconcile"/> found: ledger entries dropped because the kernel no longer has them.</summary>
public sealed record RctlReconcileResult(bool Succeeded, IReadOnlyList<RctlRule> Dropped, string? Error = null, int Errno = 0);
