using System.CommandLine;
using JailMetrics.Service.Prometheus;
using JailMetrics.State;
using Prometheus;

namespace JailMetrics.Service.Cli;

/// <summary>
/// <c>jailmetrics collect --output FILE.prom</c>: one sample in the classic Prometheus text format,
/// for node_exporter's textfile collector (a cron job or timer instead of the daemon). The families
/// are the service's own (<see cref="PrometheusView"/>) without the alert family, since no rules run.
/// </summary>
/// <remarks>
/// The classic format is what the textfile collector parses: one HELP and TYPE per family, gauges
/// and counters only (jail_info is a gauge of 1, not an OpenMetrics info), no timestamps (the
/// collector rejects them). The file is replaced atomically (<see cref="AtomicFile"/>): the
/// temporary file is <c>.NAME.prom.PID.tmp</c> in the same directory, a name the collector does
/// not read, renamed over NAME.prom once complete, so a scrape sees the old sample or the new one.
/// </remarks>
internal static class CollectCommand
{
    public static Command Create(Func<ParseResult, Launch> launchOf)
    {
        var output = new Option<string>("--output", "-o")
        {
            Description = "Where to write: a file (for node_exporter's textfile collector it must end in .prom and lie in " +
                          "--collector.textfile.directory), replaced atomically; - for stdout",
            HelpName = "file",
            Required = true,
        };
        var window = CliOutput.DurationOption("--rate-window",
            "Time between the two samples taken, so rates (jail_pcpu_used, jail_readbps …) are present; 0 takes one sample without them",
            SamplingSession.DefaultRateWindow, TimeSpan.Zero);
        var command = new Command("collect",
            "Take one sample and write it in the classic Prometheus text format, as node_exporter's textfile collector reads it. " +
            "Reads the same configuration file, environment and flags as the service.")
        {
            output, window,
        };
        command.SetAction((parse, cancellationToken) =>
            RunAsync(launchOf(parse), parse.GetValue(output)!, parse.GetValue(window), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(Launch launch, string output, TimeSpan window, CancellationToken cancellationToken)
    {
        string? path = output == "-" ? null : Path.GetFullPath(output);
        if (path is not null && CheckTarget(path) is { } problem)
            return CliOutput.Fail("collect", ServiceRunner.ExitConfigurationError, problem);

        var view = new PrometheusView(Metrics.NewCustomRegistry(), BuildInfo.Current);
        return await SamplingSession.RunAsync("collect", launch, [view], async session =>
        {
            await session.SampleWithRatesAsync(window, cancellationToken).ConfigureAwait(false);
            using var buffer = new MemoryStream();
            await view.ExportAsync(buffer, ExpositionFormat.PrometheusText, cancellationToken).ConfigureAwait(false);
            if (path is null)
            {
                await using var stdout = Console.OpenStandardOutput();
                buffer.Position = 0;
                await buffer.CopyToAsync(stdout, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                AtomicFile.WriteAllText(path, System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
            }
            return 0;
        }).ConfigureAwait(false);
    }

    /// <summary>Refuses a target that would fail late or be created somewhere unintended: a directory, or a missing parent.</summary>
    private static string? CheckTarget(string path)
    {
        if (Directory.Exists(path)) return $"--output {path} is a directory; name the file, e.g. {Path.Combine(path, "jailmetrics.prom")}";
        string directory = Path.GetDirectoryName(path)!;
        if (!Directory.Exists(directory)) return $"--output {path}: directory {directory} does not exist";
        return null;
    }
}
