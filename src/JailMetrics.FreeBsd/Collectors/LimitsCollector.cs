using JailMetrics.FreeBsd.Native;
using JailMetrics.FreeBsd.Scanning;
using JailMetrics.FreeBsd.Text;
using JailMetrics.Model;
using JailMetrics.Sampling;

namespace JailMetrics.FreeBsd.Collectors;

/// <summary>
/// The rctl rules on jails, from rctl_get_rules("jail:") (every rule whose subject is a jail), grouped
/// by jail name — rules name jails, not JIDs — and exported next to usage. A rule on a jail also
/// binds its child jails' processes (rctl_rule_add), but it is listed under the jail it names.
/// </summary>
internal sealed class LimitsCollector : ICollector<FreeBsdScan>
{
    public string Name => "limits";

    public void Collect(FreeBsdScan scan, CollectorWriter writer, CancellationToken cancellationToken)
    {
        if (!scan.RacctCoversJails) return; // no RCTL, no rules

        if (!scan.Rctl.TryGetRules("jail:", out string text, out int errno))
            throw new FreeBsdNativeException("rctl_get_rules jail:", errno);

        var byJail = RctlRuleParser.Parse(text)
            .Where(rule => rule.Subject == "jail")
            .GroupBy(rule => rule.SubjectId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<JailLimit>)[.. g.Select(r => r.ToJailLimit()).OfType<JailLimit>()], StringComparer.Ordinal);

        for (int row = 1; row < scan.Jails.Count; row++)
            if (byJail.TryGetValue(scan.Jails[row].Name, out var limits)) writer.SetLimits(row, limits);
    }
}
