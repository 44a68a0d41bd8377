using System.CommandLine;
using JailMetrics.Model;
using JailMetrics.Service.Configuration;

namespace JailMetrics.Service.Cli;

/// <summary>
/// <c>jailmetrics top</c>: a live per-jail view, like top(1) or jtop. Refreshes every <c>--delay</c>,
/// reorders on c (cpu), m (mem), p (procs), n (name), quits on q or Ctrl-C and gives the terminal
/// back as it found it. Without a terminal (output or input redirected) it prints one frame and
/// exits, like <c>top -b -n 1</c>, so it is still of use in a pipe.
/// </summary>
internal static class TopCommand
{
    private static readonly TimeSpan DefaultDelay = TimeSpan.FromSeconds(2);
    // The first frame needs two samples for %CPU; half a second gives a first rate without a long blank wait.
    private static readonly TimeSpan FirstRateWindow = TimeSpan.FromMilliseconds(500);

    public static Command Create(Func<ParseResult, Launch> launchOf)
    {
        var sort = JailSorting.CreateOption(JailSortOrder.Cpu);
        var delay = CliOutput.DurationOption("--delay", "Time between refreshes (at least 100ms)", DefaultDelay, TimeSpan.FromMilliseconds(100));
        delay.Aliases.Add("-d");
        var command = new Command("top",
            "Show the jails live, busiest first, refreshed every --delay. Keys: c, m, p, n sort by cpu, mem, procs, name; q or Ctrl-C quits. " +
            "Without a terminal, prints one frame and exits.")
        {
            sort, delay,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var order = parse.GetValue(sort);
            var interval = parse.GetValue(delay);
            return SamplingSession.RunAsync("top", launchOf(parse), [], session => RunAsync(session, order, interval, cancellationToken));
        });
        return command;
    }

    private static async Task<int> RunAsync(SamplingSession session, JailSortOrder order, TimeSpan delay, CancellationToken cancellationToken)
    {
        var snapshot = await session.SampleWithRatesAsync(delay < FirstRateWindow ? delay : FirstRateWindow, cancellationToken).ConfigureAwait(false);
        if (Console.IsOutputRedirected || Console.IsInputRedirected)
        {
            foreach (string line in Frame(snapshot, session.Platform, order, delay)) Console.Out.WriteLine(line);
            return 0;
        }

        using var screen = TerminalScreen.Enter();
        while (!screen.Stopping.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            screen.Draw(Frame(snapshot, session.Platform, order, delay));
            var key = await screen.ReadKeyAsync(delay).ConfigureAwait(false);
            if (key is { } pressed)
            {
                if (IsQuit(pressed)) break;
                if (SortKey(pressed.KeyChar) is { } newOrder) order = newOrder;
                continue; // redraw the same sample in the new order at once
            }
            snapshot = session.Sample(cancellationToken);
        }
        return 0;
    }

    private static bool IsQuit(ConsoleKeyInfo key) =>
        key.KeyChar is 'q' or 'Q' or '\x03' || (key.Key == ConsoleKey.C && key.Modifiers.HasFlag(ConsoleModifiers.Control));

    private static JailSortOrder? SortKey(char key) => char.ToLowerInvariant(key) switch
    {
        'c' => JailSortOrder.Cpu,
        'm' => JailSortOrder.Mem,
        'p' => JailSortOrder.Procs,
        'n' => JailSortOrder.Name,
        _ => null,
    };

    private static List<string> Frame(Snapshot snapshot, string platform, JailSortOrder order, TimeSpan delay)
    {
        var failed = snapshot.Collectors.Where(c => !c.Success).Select(c => c.Name).ToList();
        return
        [
            $"jailmetrics top - {snapshot.Timestamp.ToLocalTime():HH:mm:ss}  {platform}  {snapshot.JailsWithoutHost.Count()} jails  " +
                $"sort: {order.ToString().ToLowerInvariant()}  every {Duration.Format(delay)}" +
                (failed.Count > 0 ? $"  failed collectors: {string.Join(", ", failed)}" : ""),
            "keys: c cpu  m mem  p procs  n name  q quit",
            "",
            .. JailTable.Render(snapshot, order),
        ];
    }
}
