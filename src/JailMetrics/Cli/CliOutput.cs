using System.CommandLine;
using JailMetrics.Service.Configuration;

namespace JailMetrics.Service.Cli;

/// <summary>What the subcommands share: one-line errors on stderr, and duration options parsed as the settings parse them.</summary>
internal static class CliOutput
{
    /// <summary>Prints <c>jailmetrics COMMAND: message</c> on stderr and returns <paramref name="exitCode"/>.</summary>
    public static int Fail(string command, int exitCode, string message)
    {
        Console.Error.WriteLine($"jailmetrics {command}: {message}");
        return exitCode;
    }

    /// <summary>An option taking a duration (<c>500ms</c>, <c>1s</c>, <c>00:00:02</c>), rejected at parse time with the setting's wording.</summary>
    public static Option<TimeSpan> DurationOption(string name, string description, TimeSpan defaultValue, TimeSpan minimum)
    {
        var option = new Option<TimeSpan>(name)
        {
            Description = $"{description} [default: {Duration.Format(defaultValue)}]",
            HelpName = "duration",
            DefaultValueFactory = _ => defaultValue,
            CustomParser = result =>
            {
                string text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
                // "0" (no unit) is how a user says "none" where zero is allowed.
                if (text == "0" && minimum == TimeSpan.Zero) return TimeSpan.Zero;
                if (!Duration.TryParse(text, out var value))
                {
                    result.AddError($"{name}: '{text}' is not a duration; write it as 500ms, 10s, 1m or 00:00:10");
                    return default;
                }
                if (value < minimum)
                {
                    result.AddError($"{name}: {text} is below the minimum of {Duration.Format(minimum)}");
                    return default;
                }
                return value;
            },
        };
        return option;
    }
}
