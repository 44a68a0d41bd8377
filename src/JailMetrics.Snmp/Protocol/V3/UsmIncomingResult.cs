using JailMetrics.Snmp.Security;

namespace JailMetrics.Snmp.Protocol.V3;

/// <summary>What authoritative USM processing of one request decided.</summary>
public enum UsmOutcome
{
    /// <summary>Every check passed: <see cref="UsmIncomingResult.ScopedPdu"/> is the request.</summary>
    Accepted,

    /// <summary>A check failed and its usmStats counter was incremented: send the Report if the request was reportable.</summary>
    Rejected,

    /// <summary>The checks passed but the (decrypted) ScopedPDU is not valid BER: snmpInASNParseErrs, drop.</summary>
    MalformedScopedPdu,
}

/// <summary>
/// The result of <see cref="UsmAuthoritativeProcessor.Process"/>: the accepted request with its user,
/// or the Report to send (RFC 3414 §3.2: the usmStats varbind and the security to send it with).
/// </summary>
public sealed class UsmIncomingResult
{
    private UsmIncomingResult(UsmOutcome outcome, UsmUser? user, SecurityLevel level, ScopedPdu? scopedPdu,
        UsmStatsCounter? failure, VarBind reportVarBind, UsmOutgoingSecurity? reportSecurity)
    {
        Outcome = outcome;
        User = user;
        Level = level;
        ScopedPdu = scopedPdu;
        Failure = failure;
        ReportVarBind = reportVarBind;
        ReportSecurity = reportSecurity;
    }

    public UsmOutcome Outcome { get; }

    /// <summary>The requesting user (also set for a notInTimeWindow rejection, whose Report it authenticates).</summary>
    public UsmUser? User { get; }

    /// <summary>The request's security level, which the response uses too (RFC 3412 §7.1).</summary>
    public SecurityLevel Level { get; }

    public ScopedPdu? ScopedPdu { get; }

    /// <summary>The failed check, when rejected.</summary>
    public UsmStatsCounter? Failure { get; }

    /// <summary>The Report's varbind: the counter's instance and its new value.</summary>
    public VarBind ReportVarBind { get; }

    /// <summary>
    /// How to send the Report: noAuthNoPriv echoing msgUserName, except authNoPriv for
    /// notInTimeWindow (RFC 3414 §3.2 step 7a, so the manager can trust the boots and time in it).
    /// Our engineID, boots and time in both.
    /// </summary>
    public UsmOutgoingSecurity? ReportSecurity { get; }

    internal static UsmIncomingResult Accepted(UsmUser user, SecurityLevel level, ScopedPdu scopedPdu) =>
        new(UsmOutcome.Accepted, user, level, scopedPdu, null, default, null);

    internal static UsmIncomingResult Rejected(UsmStatsCounter failure, VarBind reportVarBind, UsmOutgoingSecurity reportSecurity, UsmUser? user, SecurityLevel level) =>
        new(UsmOutcome.Rejected, user, level, null, failure, reportVarBind, reportSecurity);

    internal static UsmIncomingResult Malformed(UsmUser user, SecurityLevel level) =>
        new(UsmOutcome.MalformedScopedPdu, user, level, null, null, default, null);
}
