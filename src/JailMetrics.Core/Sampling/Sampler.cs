using JailMetrics.Model;
using JailMetrics.Store;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace JailMetrics.Sampling;

/// <summary>
/// Takes a sample every <see cref="SamplerOptions.Interval"/> and publishes it to the store. The
/// first sample is taken before the host reports started, so the first scrape already has data.
/// </summary>
public sealed partial class Sampler(
    IJailSource source,
    SnapshotStore store,
    IOptions<SamplerOptions> options,
    ILogger<Sampler> logger,
    TimeProvider? time = null) : BackgroundService
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        SampleOnce(cancellationToken);
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
                SampleOnce(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    /// <summary>Takes and publishes one sample; a failure is logged and the next tick tries again.</summary>
    public Snapshot? SampleOnce(CancellationToken cancellationToken)
    {
        try
        {
            var snapshot = store.Publish(source.Sample(cancellationToken));
            foreach (var failed in snapshot.Collectors.Where(c => !c.Success))
                LogCollectorFailed(failed.Name, failed.Error);
            LogSampled(snapshot.Sequence, snapshot.Jails.Length, snapshot.Duration.TotalMilliseconds);
            return snapshot;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogSampleFailed(e, source.Platform);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Sample {Sequence}: {Jails} jails in {Milliseconds:F1} ms")]
    private partial void LogSampled(long sequence, int jails, double milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Collector {Collector} failed: {Error}")]
    private partial void LogCollectorFailed(string collector, string? error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Sampling the {Platform} jails failed")]
    private partial void LogSampleFailed(Exception e, string platform);
}
