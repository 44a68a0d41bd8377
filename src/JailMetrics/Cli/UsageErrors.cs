using System.CommandLine;

namespace JailMetrics.Service.Cli;

/// <summary>
/// A command line that does not parse: each error on stderr, the nearest command or flag for a
/// misspelt one, where to find the usage, and exit code 2 (a usage error, as for a bad configuration).
/// </summary>
internal static class UsageErrors
{
    public const int ExitUsage = 2;

    public static int Report(ParseResult parse, TextWriter error)
    {
        foreach (var e in parse.Errors) error.WriteLine($"jailmetrics: {e.Message}");

        var command = parse.CommandResult.Command;
        var commands = command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name).ToList();
        var flags = OptionsOf(parse).SelectMany(o => o.Aliases.Prepend(o.Name)).Where(n => n.StartsWith("--", StringComparison.Ordinal)).ToList();
        string? previous = null;
        foreach (string token in parse.UnmatchedTokens)
        {
            bool isFlag = token.StartsWith('-');
            // The value after an unknown flag is unmatched too; the flag's own suggestion covers it.
            bool valueOfUnknownFlag = !isFlag && previous is not null && previous.StartsWith('-');
            previous = token;
            if (valueOfUnknownFlag) continue;
            if (Nearest(token, isFlag ? flags : commands) is { } suggestion)
                error.WriteLine($"jailmetrics: did you mean '{suggestion}' instead of '{token}'?");
            else if (!isFlag && commands.Count > 0)
                error.WriteLine($"jailmetrics: '{token}' is not a command; the commands are {string.Join(", ", commands)}");
        }
        string help = parse.CommandResult.Parent is null ? "jailmetrics --help" : $"jailmetrics {command.Name} --help";
        error.WriteLine($"Run '{help}' for usage.");
        return ExitUsage;
    }

    /// <summary>The command's own options and the recursive ones of the commands above it.</summary>
    private static IEnumerable<Option> OptionsOf(ParseResult parse)
    {
        var options = parse.CommandResult.Command.Options.ToList();
        for (var parent = parse.CommandResult.Parent; parent is not null; parent = parent.Parent)
            if (parent is System.CommandLine.Parsing.CommandResult above) options.AddRange(above.Command.Options.Where(o => o.Recursive));
        return options;
    }

    /// <summary>The candidate within a few edits of <paramref name="token"/> (a third of its length, at least 2), closest first.</summary>
    private static string? Nearest(string token, IEnumerable<string> candidates)
    {
        int allowed = Math.Min(Math.Max(2, token.Length / 3), token.Length - 1);
        return candidates
            .Select(c => (Candidate: c, Distance: Distance(token, c)))
            .Where(x => x.Distance <= allowed)
            .OrderBy(x => x.Distance).ThenBy(x => x.Candidate, StringComparer.Ordinal)
            .Select(x => x.Candidate)
            .FirstOrDefault();
    }

    /// <summary>Levenshtein distance: insertions, deletions and substitutions.</summary>
    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) previous[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
