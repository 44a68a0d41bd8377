using JailMetrics.Alerts;

namespace JailMetrics.Service.Alerts;

/// <summary>
/// The one enforcement sink of this platform (<see cref="EnforcementSinks.Create"/>), or none, shared by
/// the alert evaluator and the inbound receiver: both must go through the same enforcer, whose ledger
/// file only one writer may own.
/// </summary>
public sealed record PlatformEnforcement(IEnforcementSink? Sink);
