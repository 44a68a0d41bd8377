using System.Globalization;
using System.Text;
using JailMetrics.FreeBsd.Text;
using JailMetrics.Model;
using JailMetrics.Rules;

namespace JailMetrics.FreeBsd.Devd;

/// <summary>
/// Reads RCTL events from devd's client sockets. The kernel formats them in two steps
/// (reference freebsd.md §1.8):
/// <list type="number">
/// <item><c>rctl_enforce</c> writes the data, <c>rule=RULE pid=N ruid=N jail=NAME</c>, into a fixed
/// 128-byte sbuf (RCTL_LOG_BUFSIZE), so at most 127 bytes survive: a long jail name cuts the tail, and a
/// very long one cuts into the rule itself.</item>
/// <item><c>devctl_notify</c> (sys/kern/kern_devctl.c) prefixes
/// <c>!system=RCTL subsystem=rule type=matched </c> and appends a newline.</item>
/// </list>
/// A truncated record still yields whatever is complete. Lines of other systems (and device
/// attach/detach/nomatch lines, which start with + - ?) are not RCTL events and give false.
/// </summary>
public static class DevdEventParser
{
    private const string Header = "!system=RCTL subsystem=rule type=matched ";

    /// <summary>RCTL_LOG_BUFSIZE: the data buffer including its NUL.</summary>
    private const int DataBufferSize = 128;

    public static bool TryParse(string line, out RctlBreachEvent breach)
    {
        breach = null!;
        ArgumentNullException.ThrowIfNull(line);
        line = line.TrimEnd('\n', '\r', '\0');
        if (!line.StartsWith(Header, StringComparison.Ordinal)) return false;
        string data = line[Header.Length..];
        if (!data.StartsWith("rule=", StringComparison.Ordinal)) return false;

        bool truncated = Encoding.UTF8.GetByteCount(data) >= DataBufferSize - 1;
        var fields = Split(data);
        string ruleText = fields.Rule;
        // Only the field that runs to the end of a full buffer can have been cut.
        string lastField = fields.Jail is not null ? "jail" : fields.Ruid is not null ? "ruid" : fields.Pid is not null ? "pid" : "rule";

        RctlRule? rule = truncated && lastField == "rule" ? null : TryParseRule(ruleText);
        int? pid = truncated && lastField == "pid" ? null : ParseId(fields.Pid);
        int? ruid = truncated && lastField == "ruid" ? null : ParseId(fields.Ruid);
        string? jail = truncated && lastField == "jail" ? null : NullIfEmpty(fields.Jail);
        jail ??= JailOfRule(ruleText);

        breach = new RctlBreachEvent(ruleText, rule, jail, pid, ruid, rule?.Resource ?? ResourceOfRule(ruleText), truncated);
        return true;
    }

    /// <summary>The four fields, found by their keys; the jail name is the rest of the line (it is the last field).</summary>
    private static (string Rule, string? Pid, string? Ruid, string? Jail) Split(string data)
    {
        string rest = data["rule=".Length..];
        int pidAt = rest.IndexOf(" pid=", StringComparison.Ordinal);
        if (pidAt < 0) return (rest, null, null, null);
        string rule = rest[..pidAt];
        rest = rest[(pidAt + " pid=".Length)..];
        int ruidAt = rest.IndexOf(" ruid=", StringComparison.Ordinal);
        if (ruidAt < 0) return (rule, rest, null, null);
        string pid = rest[..ruidAt];
        rest = rest[(ruidAt + " ruid=".Length)..];
        int jailAt = rest.IndexOf(" jail=", StringComparison.Ordinal);
        if (jailAt < 0) return (rule, pid, rest, null);
        return (rule, pid, rest[..jailAt], rest[(jailAt + " jail=".Length)..]);
    }

    private static RctlRule? TryParseRule(string text)
    {
        try
        {
            var rules = RctlRuleParser.Parse(text);
            return rules.Count == 1 ? rules[0] : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>The jail name of a (possibly cut) <c>jail:NAME:…</c> rule, when its closing ':' survived.</summary>
    private static string? JailOfRule(string ruleText)
    {
        const string prefix = RctlVocabulary.Jail + ":";
        if (!ruleText.StartsWith(prefix, StringComparison.Ordinal)) return null;
        int end = ruleText.IndexOf(':', prefix.Length);
        return end > prefix.Length ? ruleText[prefix.Length..end] : null;
    }

    /// <summary>The resource of a (possibly cut) rule, when the ':' after it survived.</summary>
    private static Resource? ResourceOfRule(string ruleText)
    {
        string[] parts = ruleText.Split(':');
        return parts.Length >= 4 && RacctNames.TryGetResource(parts[2], out var resource) ? resource : null;
    }

    private static int? ParseId(string? text) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int id) ? id : null;

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;
}
