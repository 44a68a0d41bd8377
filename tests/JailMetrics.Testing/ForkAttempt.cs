using System.Globalization;
using System.Text.RegularExpressions;

namespace JailMetrics.Testing;

/// <summary>
/// What a sandbox's workload reported after trying to fork <see cref="Requested"/> children at once
/// (<see cref="Sandbox.TryFork"/>): how many it got, and why the first refused fork failed.
/// </summary>
public sealed partial record ForkAttempt(int Requested, int Forked, string? Failure)
{
    /// <summary>Reads the workload's answer, "forked N of K" or "forked N of K: why"; null for anything else.</summary>
    public static ForkAttempt? Parse(string reply)
    {
        var match = ReplyPattern().Match(reply);
        if (!match.Success) return null;
        return new ForkAttempt(
            int.Parse(match.Groups["wanted"].Value, CultureInfo.InvariantCulture),
            int.Parse(match.Groups["forked"].Value, CultureInfo.InvariantCulture),
            match.Groups["why"].Success ? match.Groups["why"].Value : null);
    }

    public override string ToString() => $"forked {Forked} of {Requested}" + (Failure is null ? "" : $": {Failure}");

    [GeneratedRegex(@"^forked (?<forked>\d+) of (?<wanted>\d+)(?:: (?<why>.+))?$")]
    private static partial Regex ReplyPattern();
}
