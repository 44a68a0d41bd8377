using JailMetrics.Snmp.Protocol;
using JailMetrics.Snmp.Security;

namespace JailMetrics.Snmp.Notifications;

/// <summary>Reads the Reports a v3 receiver sends back (RFC 3412 §7.2, RFC 3414 §3.2): one varbind naming the usmStats counter that failed.</summary>
internal static class UsmReports
{
    /// <summary>The usmStats counter the Report's first varbind names (<c>usmStats.N.0</c>), or null for another Report.</summary>
    public static UsmStatsCounter? CounterOf(Pdu report)
    {
        if (report.VarBinds.Count == 0) return null;
        var name = report.VarBinds[0].Name;
        var root = UsmStats.Root;
        if (name.Length != root.Length + 2 || !name.StartsWith(root) || name[^1] != 0) return null;
        uint arc = name[root.Length];
        return arc is >= (uint)UsmStatsCounter.UnsupportedSecLevels and <= (uint)UsmStatsCounter.DecryptionErrors ? (UsmStatsCounter)arc : null;
    }

    /// <summary>A log-ready reason: what the receiver refused and what to check in the configuration.</summary>
    public static string Describe(Pdu report, string user) => CounterOf(report) switch
    {
        UsmStatsCounter.UnknownUserNames => $"usmStatsUnknownUserNames: the receiver has no SNMPv3 user '{user}'",
        UsmStatsCounter.WrongDigests => $"usmStatsWrongDigests: user '{user}' has a different authentication protocol or password at the receiver",
        UsmStatsCounter.UnsupportedSecLevels => $"usmStatsUnsupportedSecLevels: the receiver's user '{user}' does not allow this security level",
        UsmStatsCounter.DecryptionErrors => $"usmStatsDecryptionErrors: user '{user}' has a different privacy protocol or password at the receiver",
        _ => $"Report {(report.VarBinds.Count > 0 ? report.VarBinds[0].ToString() : "without varbinds")}",
    };
}
