using JailMetrics.Model;
using JailMetrics.Sampling;
using JailMetrics.Service.Configuration;
using JailMetrics.Service.Hosting;
using JailMetrics.Store;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace JailMetrics.Service.Cli;

/// <summary>
/// The service's sampling without the service, for <c>collect</c>, <c>snapshot</c> and <c>top</c>:
/// the configuration layered and validated exactly as at startup (<see cref="ServiceHost.Build"/>,
/// which starts nothing and binds no port), the platform's source taken from it, and a
/// <see cref="SnapshotStore"/> of the command's own, so rates come from the same
/// <see cref="RateDeriver"/> as the service's. Nothing else of the service is resolved: no state
/// files are written, no alert is evaluated or enforced, no notification is sent.
/// </summary>
internal sealed class SamplingSession : IAsyncDisposable
{
    /// <summary>
    /// The default time between the two samples a one-shot command takes. pcpu, readbps … are rates
    /// over two samples on Linux (on FreeBSD RACCT measures pcpu itself); one second keeps a cron job
    /// quick while giving a rate that is more than noise.
    /// </summary>
    public static readonly TimeSpan DefaultRateWindow = TimeSpan.FromSeconds(1);

    private readonly WebApplication _app;
    private readonly IJailSource _source;

    private SamplingSession(WebApplication app, IEnumerable<ISnapshotConsumer> consumers)
    {
        _app = app;
        _source = app.Services.GetRequiredService<IJailSource>();
        Store = new SnapshotStore(consumers);
    }

    public SnapshotStore Store { get; }

    /// <summary>The source's platform name: <c>linux</c>, <c>freebsd</c>.</summary>
    public string Platform => _source.Platform;

    /// <summary>
    /// Validates the configuration of <paramref name="launch"/> as the service would, runs
    /// <paramref name="body"/> with a session, and turns what a user can fix into one line on stderr
    /// and an exit code: 2 for a bad configuration, 1 for an unsupported OS or an I/O failure.
    /// </summary>
    public static async Task<int> RunAsync(
        string command, Launch launch, IEnumerable<ISnapshotConsumer> consumers, Func<SamplingSession, Task<int>> body)
    {
        if (JailSources.UnsupportedReason() is { } unsupported)
            return CliOutput.Fail(command, ServiceRunner.ExitStartupError, unsupported);
        WebApplication app;
        try
        {
            app = ServiceHost.Build(ConfigurationLoader.Load(launch.ConfigFile, ConfigurationLoader.ProcessEnvironment(), QuietUnlessAsked(launch.Flags)));
        }
        catch (ConfigurationException e)
        {
            return CliOutput.Fail(command, ServiceRunner.ExitConfigurationError, "invalid configuration: " + e.Message);
        }
        await using var session = new SamplingSession(app, consumers);
        try
        {
            return await body(session).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return CliOutput.Fail(command, ServiceRunner.ExitStartupError, e.Message);
        }
    }

    /// <summary>Takes one sample and publishes it to <see cref="Store"/>; its rates are against the previous one, if any.</summary>
    public Snapshot Sample(CancellationToken cancellationToken) => Store.Publish(_source.Sample(cancellationToken));

    /// <summary>
    /// Two samples <paramref name="window"/> apart, the second published with the rates derived from
    /// both, so a one-shot command shows the same families as the service; a zero window takes one
    /// sample, without the derived rates.
    /// </summary>
    public async Task<Snapshot> SampleWithRatesAsync(TimeSpan window, CancellationToken cancellationToken)
    {
        var first = Sample(cancellationToken);
        if (window <= TimeSpan.Zero) return first;
        await Task.Delay(window, cancellationToken).ConfigureAwait(false);
        return Sample(cancellationToken);
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    /// <summary>
    /// A command's output is its result, so it logs warnings and errors only unless its own command
    /// line asks for more with <c>--log.level</c>; the service's level in the file or environment does not count.
    /// </summary>
    private static IEnumerable<KeyValuePair<string, string?>> QuietUnlessAsked(IReadOnlyList<KeyValuePair<string, string?>> flags) =>
        flags.Any(f => f.Key == Settings.LogLevel.Key) ? flags : [.. flags, new(Settings.LogLevel.Key, "warn")];
}
