using System.CommandLine;
using JailMetrics.Service.Configuration;
using JailMetrics.Service.Hosting;

namespace JailMetrics.Service.Cli;

/// <summary>
/// <c>jailmetrics check-config FILE</c>: whether the service would start with this file. The file is
/// read and validated exactly as at startup (<see cref="ConfigurationLoader"/>, then every options
/// validator through <see cref="ServiceHost.Build"/>, which binds nothing), over the built-in defaults
/// only: the environment and flags of the shell running the check are not the service's.
/// </summary>
internal static class CheckConfigCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "The JSON configuration file to check" };
        var command = new Command("check-config",
            "Check a configuration file as the service reads it at startup: prints 'FILE: ok' and exits 0, " +
            "or prints each fault as FILE:LINE: reason and exits 2")
        {
            file,
        };
        command.SetAction(async parse => await CheckAsync(parse.GetValue(file)!).ConfigureAwait(false));
        return command;
    }

    private static async Task<int> CheckAsync(string file)
    {
        string path = Path.GetFullPath(file);
        try
        {
            var configuration = ConfigurationLoader.Load(path, environment: [], flags: []);
            await using var app = ServiceHost.Build(configuration);
        }
        catch (ConfigurationException e)
        {
            // A file that does not parse: the loader's message already names the file and the line.
            if (!File.Exists(path) || e.InnerException is not null)
                return CliOutput.Fail("check-config", ServiceRunner.ExitConfigurationError, e.Message);

            var keys = ConfigurationKeyLines.Read(await File.ReadAllBytesAsync(path).ConfigureAwait(false));
            foreach (string fault in e.Message.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries))
                Console.Error.WriteLine(keys.LineOf(fault) is int line ? $"{path}:{line}: {fault}" : $"{path}: {fault}");
            return ServiceRunner.ExitConfigurationError;
        }
        Console.Out.WriteLine($"{path}: ok");
        return 0;
    }
}
