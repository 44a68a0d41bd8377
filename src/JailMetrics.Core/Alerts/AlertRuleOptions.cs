namespace JailMetrics.Alerts;

/// <summary>
/// One alert rule as written in the configuration; <see cref="AlertRuleParser"/> turns it into an
/// <see cref="AlertRule"/> or reports what is wrong. The rule reads like an rctl(8) rule, so one
/// config means the same on FreeBSD and Linux:
/// <code>
/// { "Name": "db-memory", "Rule": "jail:db*:memoryuse:alert=80%", "For": "5m", "Clear": "70%",
///   "Severity": "critical", "Notify": ["snmp", "alertmanager"], "Enforce": "jail:$name:pcpu:deny=50" }
/// </code>
/// or, with the threshold apart, <c>"Match": "jail:db*:memoryuse", "Threshold": "80%"</c>.
/// </summary>
/// <remarks>
/// <para>Thresholds (<see cref="Threshold"/>, <see cref="Clear"/>, the amount after <c>alert=</c>):</para>
/// <list type="bullet">
/// <item><c>2g</c> — an absolute amount in the resource's base unit, with rctl's expand_number
/// suffixes k, m, g, t, p, e (powers of 1024) or b;</item>
/// <item><c>80%</c> — a percentage of the jail's own limit on that resource: its <c>deny</c> rule (or,
/// for the I/O rates the kernel cannot deny, its <c>throttle</c> rule) counted per jail. A jail without
/// such a limit is not evaluated by the rule (logged once, with the reason);</item>
/// <item><c>80%host.shmall</c> — a percentage of a host SysV IPC limit (shmmni, shmall, shmmax, semmns,
/// semopm, msgmni, msgmnb), for the IPC resource it bounds (nshm, shmsize, nsem, nsemop, nmsgq, msgqsize);</item>
/// <item><c>breach</c> — the kernel held the jail at its limit on the resource: the value is the number of
/// breaches new since the previous sample (Linux: pids.events <c>max</c> for maxproc, memory.events
/// <c>max</c> or v1 memory.failcnt for memoryuse, of the jail's own cgroup; FreeBSD: RCTL events of the
/// jail's <c>devctl</c> rules, relayed by devd). It fires on a sample with new breaches and resolves on
/// the first sample without; with <see cref="For"/> it fires only when every sample for that long had
/// some. <see cref="Clear"/> may only be <c>breach</c> too. The service's first sample is the baseline,
/// so breaches from before it never fire. Example: <c>jail:*:maxproc:alert=breach</c>.</item>
/// </list>
/// <para>
/// A rule fires when the sampled value is <b>above</b> the threshold. Rates (pcpu, readbps …) are
/// compared as sampled; counters (cputime, wallclock) are compared as totals since the jail started.
/// </para>
/// </remarks>
public sealed class AlertRuleOptions
{
    /// <summary>Unique; the <c>rule</c> label of <c>jailmetrics_alert_active</c> and the key of persisted state.</summary>
    public string? Name { get; set; }

    /// <summary><c>jail:&lt;name or glob&gt;:&lt;resource&gt;:alert=&lt;threshold&gt;[/jail]</c>; instead of <see cref="Match"/> and <see cref="Threshold"/>.</summary>
    public string? Rule { get; set; }

    /// <summary><c>jail:&lt;name or glob&gt;:&lt;resource&gt;</c>; globs take <c>*</c> and <c>?</c> and match the whole jail name.</summary>
    public string? Match { get; set; }

    /// <summary>With <see cref="Match"/>: the amount to go above (see the remarks for the forms).</summary>
    public string? Threshold { get; set; }

    /// <summary>How long the value must stay above the threshold before the alert fires: <c>30s</c>, <c>5m</c>, <c>1h30m</c>. Default 0: fire at once.</summary>
    public string? For { get; set; }

    /// <summary>
    /// The hysteresis: once firing, the alert resolves only when the value is at or below this. Same
    /// form as the threshold and not above it; default: the threshold itself.
    /// </summary>
    public string? Clear { get; set; }

    /// <summary><c>info</c>, <c>warning</c> (default) or <c>critical</c>.</summary>
    public string? Severity { get; set; }

    /// <summary>Any of <c>snmp</c>, <c>log</c>, <c>alertmanager</c>, <c>webhook</c>.</summary>
    public List<string> Notify { get; set; } = [];

    /// <summary>
    /// An rctl rule to install while the alert fires, in rctl(8)'s grammar; <c>$name</c> stands for the
    /// jail's name: <c>jail:$name:pcpu:deny=50</c>. Removed when the alert resolves unless <see cref="Sticky"/>.
    /// </summary>
    public string? Enforce { get; set; }

    /// <summary>Leave the <see cref="Enforce"/> rule in place when the alert resolves.</summary>
    public bool Sticky { get; set; }
}
