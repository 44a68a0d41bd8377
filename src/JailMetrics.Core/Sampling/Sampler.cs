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
    private readonly HashSet<string> _failing = new(StringComparer.Ordinal);

    private PeriodicTimer? _timer;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        SampleOnce(cancellationToken);
        // Created here rather than in ExecuteAsync (which runs on a background thread) so the
        // interval counts from the first sample.
        _timer = new PeriodicTimer(options.Value.Interval, _time);
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = _timer ?? new PeriodicTimer(options.Value.Interval, _time);
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
            LogCollectorChanges(snapshot);
            LogSampled(snapshot.Sequence, snapshot.Jails.Length, snapshot.Duration.TotalMilliseconds);
            return snapshot;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogSampleFailed(e, source.Platform);
            return null;
        }
    }

    /// <summary>Logs a collector when it starts or stops failing, not on every sample it stays failed.</summary>
    private void LogCollectorChanges(Snapshot snapshot)
    {
        foreach (var status in snapshot.Collectors)
        {
            if (!status.Success && _failing.Add(status.Name)) LogCollectorFailed(status.Name, status.Error);
            else if (status.Success && _failing.Remove(status.Name)) LogCollectorRecovered(status.Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Collector {Collector} works again")]
    private partial void LogCollectorRecovered(string collector);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Sample {Sequence}: {Jails} jails in {Milliseconds:F1} ms")]
    private partial void LogSampled(long sequence, int jails, double milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Collector {Collector} failed: {Error}")]
    private partial void LogCollectorFailed(string collector, string? error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Sampling the {Platform} jails failed")]
    private partial void LogSampleFailed(Exception e, string platform);
}
