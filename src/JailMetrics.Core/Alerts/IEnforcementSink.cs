namespace JailMetrics.Alerts;

/// <summary>What an enforcement sink did with one transition.</summary>
public enum EnforcementOutcome
{
    /// <summary>The transition installs or removes no limit.</summary>
    Nothing,
    /// <summary>The limit was installed or removed (or already was as asked).</summary>
    Done,
    /// <summary>Dry run: logged what would have been done, changed nothing.</summary>
    DryRun,
    /// <summary>The enforcer would not: a limit it did not set, one not in its ledger, or no equivalent on this platform.</summary>
    Refused,
    /// <summary>The enforcer could not: the kernel refused, the files could not be written, the jail's cgroup is unknown.</summary>
    Failed,
}

/// <summary>
/// The platform's enforcer as an alert sink that also says what became of a transition. The alert
/// evaluator does not need the answer (the enforcer logs it), but the inbound receiver does: an
/// alert whose limit was refused must not be remembered as applied, or its resend would be taken for
/// a duplicate and never tried again.
/// </summary>
public interface IEnforcementSink : IAlertSink
{
    EnforcementOutcome Enforce(AlertTransition transition);

    void IAlertSink.OnTransition(AlertTransition transition) => Enforce(transition);
}
