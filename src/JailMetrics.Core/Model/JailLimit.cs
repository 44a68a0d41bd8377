namespace JailMetrics.Model;

/// <summary>
/// One resource limit on a jail, as an rctl(8) rule states it: <c>jail:www:memoryuse:deny=536870912</c>.
/// Amounts are in base units (bytes, seconds, percent, counts). On Linux the cgroup limits that map
/// onto RACCT resources (memory.max, pids.max …) are reported the same way with action <c>deny</c>.
/// </summary>
public sealed record JailLimit(Resource Resource, string Action, double Amount, string? Per = null)
{
    /// <summary>The rule text, as rctl(8) prints it.</summary>
    public string ToRule(string jailName) =>
        $"jail:{jailName}:{ResourceInfo.Of(Resource).RctlName}:{Action}={Amount.ToString(System.Globalization.CultureInfo.InvariantCulture)}" +
        (Per is null ? "" : "/" + Per);
}
