using System.CommandLine;
using JailMetrics.Service.Configuration;

namespace JailMetrics.Service.Cli;

/// <summary>
/// The <c>jailmetrics</c> command line, node_exporter style: run with no arguments, it is the
/// service with its defaults; every flag is a setting of <see cref="Settings"/>, and wins over the
/// configuration file and the environment.
/// </summary>
public static class CommandLine
{
    public const string ConfigFileVariable = Setting.EnvironmentPrefix + "CONFIG_FILE";

    /// <param name="run">What to do with the parsed launch; the service by default, something else in tests.</param>
    public static RootCommand Create(Func<Launch, CancellationToken, Task<int>> run)
    {
        var configFile = new Option<string?>("--config.file")
        {
            Description = $"JSON configuration file (sections Sampling, State, Linux, Web, Snmp, Logging) [env: {ConfigFileVariable}] [default: none]",
            HelpName = "path",
            // Every subcommand that samples (collect, snapshot, top) reads the same configuration as the service.
            Recursive = true,
        };
        var flags = Settings.All.Select(CreateOption).ToList();

        var root = new RootCommand(
            "JailMetrics: samples every jail (FreeBSD jails; containers on Linux) in the background and serves the samples as Prometheus metrics. " +
            "Run without a command, it is the service.");
        root.Options.Add(configFile);
        foreach (var (_, option) in flags) root.Options.Add(option);

        Launch LaunchOf(ParseResult parse)
        {
            string? file = parse.GetValue(configFile) ?? Environment.GetEnvironmentVariable(ConfigFileVariable);
            var values = new List<KeyValuePair<string, string?>>();
            foreach (var (setting, option) in flags)
            {
                if (parse.GetResult(option) is null) continue;
                if (setting.IsList)
                {
                    string[] items = parse.GetValue((Option<string[]>)option) ?? [];
                    for (int i = 0; i < items.Length; i++) values.Add(new($"{setting.Key}:{i}", items[i]));
                }
                else
                {
                    values.Add(new(setting.Key, parse.GetValue((Option<string>)option)));
                }
            }
            return new Launch(string.IsNullOrEmpty(file) ? null : file, values);
        }

        root.SetAction((parse, cancellationToken) => run(LaunchOf(parse), cancellationToken));

        // One file per subcommand; each gets the launch (config file and flags) the service would get.
        root.Subcommands.Add(CollectCommand.Create(LaunchOf));
        root.Subcommands.Add(SnapshotCommand.Create(LaunchOf));
        root.Subcommands.Add(TopCommand.Create(LaunchOf));
        root.Subcommands.Add(CheckConfigCommand.Create());
        root.Subcommands.Add(HashPasswordCommand.Create());
        return root;
    }

    private static (Setting Setting, Option Option) CreateOption(Setting setting)
    {
        string description = $"{setting.Description} [env: {setting.EnvironmentVariable}] [default: {setting.DefaultText}]";
        Option option = setting.IsList
            ? new Option<string[]>(setting.Flag) { Description = description, HelpName = "address", AllowMultipleArgumentsPerToken = false, Recursive = true }
            : new Option<string>(setting.Flag) { Description = description, HelpName = "value", Recursive = true };
        return (setting, option);
    }
}
