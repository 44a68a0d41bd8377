using System.CommandLine;

namespace JailMetrics.Service.Cli;

/// <summary>
/// <c>jailmetrics snapshot [--json]</c>: one sample, as a table for a person or as JSON with stable
/// field names (<see cref="SnapshotJson"/>) for a script. Like <c>collect</c>, it takes two samples
/// a rate window apart so %CPU and the other rates are there.
/// </summary>
internal static class SnapshotCommand
{
    public static Command Create(Func<ParseResult, Launch> launchOf)
    {
        var json = new Option<bool>("--json") { Description = "Print JSON (fields: timestamp, platform, jails[name, jid, usage{rctl names} …], collectors) instead of a table" };
        var sort = JailSorting.CreateOption(JailSortOrder.Name);
        var window = CliOutput.DurationOption("--rate-window",
            "Time between the two samples taken, so %CPU and the other rates are present; 0 takes one sample without them",
            SamplingSession.DefaultRateWindow, TimeSpan.Zero);
        var command = new Command("snapshot",
            "Take one sample of every jail and print it: a table, or JSON with --json. Reads the same configuration as the service.")
        {
            json, sort, window,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            bool asJson = parse.GetValue(json);
            var order = parse.GetValue(sort);
            var rateWindow = parse.GetValue(window);
            return SamplingSession.RunAsync("snapshot", launchOf(parse), [], async session =>
            {
                var snapshot = await session.SampleWithRatesAsync(rateWindow, cancellationToken).ConfigureAwait(false);
                if (asJson)
                {
                    await using var stdout = Console.OpenStandardOutput();
                    SnapshotJson.Write(stdout, snapshot, session.Platform, rateWindow);
                }
                else
                {
                    Console.Out.WriteLine(
                        $"{snapshot.Timestamp.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}  {session.Platform}  {snapshot.JailsWithoutHost.Count()} jails  rates over {Configuration.Duration.Format(rateWindow)}");
                    foreach (string line in JailTable.Render(snapshot, order)) Console.Out.WriteLine(line);
                    foreach (var failed in snapshot.Collectors.Where(c => !c.Success))
                        Console.Out.WriteLine($"collector {failed.Name} failed: {failed.Error}");
                }
                return 0;
            });
        });
        return command;
    }
}
