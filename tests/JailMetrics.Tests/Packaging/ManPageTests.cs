using System.Text.RegularExpressions;
using JailMetrics.Service.Configuration;
using JailMetrics.Tests.Snmp;
using JailMetrics.Tests.Support;

namespace JailMetrics.Tests.Packaging;

/// <summary>
/// man/jailmetrics.8 is clean mdoc (mandoc -T lint, Debian package mandoc) and documents every flag
/// of the Settings table and every option and command the built program's --help lists.
/// </summary>
public sealed partial class ManPageTests
{
    private static readonly Lazy<string> Rendered = new(Render);

    /// <summary>The page as a reader sees it: mandoc's ASCII output with the overstrike (bold, underline) removed.</summary>
    private static string Render()
    {
        var result = ExternalTool.Run("mandoc", ["-T", "ascii", PackagingPaths.ManPage]);
        Assert.True(result.ExitCode == 0, result.ToString());
        return Overstrike().Replace(result.Stdout, "");
    }

    [Fact]
    public void Mandoc_lint_reports_nothing_at_warning_level()
    {
        var result = ExternalTool.Run("mandoc", ["-T", "lint", "-W", "warning", PackagingPaths.ManPage]);

        Assert.True(result.ExitCode == 0 && result.Stdout.Length == 0 && result.Stderr.Length == 0, result.ToString());
    }

    [Fact]
    public void Every_flag_in_the_settings_table_is_documented()
    {
        var missing = Settings.All.Select(s => s.Flag).Append("--config.file").Append("--version").Where(f => !Documents(f)).ToList();

        Assert.True(missing.Count == 0, $"jailmetrics(8) does not document {string.Join(", ", missing)}");
    }

    [Fact]
    public void Every_option_and_command_of_the_built_programs_help_is_documented()
    {
        string help = Help();
        var commands = HelpCommands(help).ToList();
        var options = commands.Select(c => Help(c)).Prepend(help)
            .SelectMany(text => HelpOption().Matches(text).Select(m => m.Groups["flag"].Value)).Distinct().ToList();
        Assert.Contains("--sampling.interval", options); // the parse found the options at all
        Assert.Contains("collect", commands);

        var missing = options.Where(o => !Documents(o)).Concat(commands.Where(c => !Documents(c))).ToList();
        Assert.True(missing.Count == 0, $"jailmetrics(8) does not document {string.Join(", ", missing)}");
    }

    /// <summary>The built program's --help, of the service or of one command.</summary>
    private static string Help(params string[] command)
    {
        var (exitCode, stdout, stderr) = ServiceProcess.Run([.. command, "--help"]);
        Assert.True(exitCode == 0, $"jailmetrics {string.Join(' ', command)} --help exited {exitCode}: {stderr}");
        return stdout;
    }

    [Theory]
    [InlineData("SYNOPSIS")]
    [InlineData("COMMANDS")]
    [InlineData("OPTIONS")]
    [InlineData("ENVIRONMENT")]
    [InlineData("FILES")]
    [InlineData("SIGNALS")]
    [InlineData("EXIT STATUS")]
    [InlineData("EXAMPLES")]
    public void It_has_the_section(string heading) =>
        Assert.Contains($"\n{heading}\n", Rendered.Value, StringComparison.Ordinal);

    [Fact]
    public void An_undocumented_flag_is_noticed() => Assert.False(Documents("--web.listen-adress"));

    // A flag or command as a word of its own: "--snmp.enabled" must not be found inside "--snmp.enabled-x".
    private static bool Documents(string word) =>
        Regex.IsMatch(Rendered.Value, $@"(?<![\w.-]){Regex.Escape(word)}(?![\w.-])");

    /// <summary>The names under "Commands:" in System.CommandLine's help, if the program has any.</summary>
    private static IEnumerable<string> HelpCommands(string help)
    {
        int start = help.IndexOf("\nCommands:", StringComparison.Ordinal);
        if (start < 0) return [];
        return help[(start + "\nCommands:".Length)..].Split('\n')
            .TakeWhile(line => line.Length == 0 || line.StartsWith(' '))
            .Select(line => line.Trim())
            .Where(line => line.Length > 0)
            .Select(line => line.Split(' ', 2)[0]);
    }

    [GeneratedRegex(".\b")]
    private static partial Regex Overstrike();

    [GeneratedRegex(@"(?m)^\s+(?:-\S+,\s+)*(?<flag>--[a-z][\w.-]*)")]
    private static partial Regex HelpOption();
}
