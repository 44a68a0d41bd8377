namespace JailMetrics.Service.Prometheus;

/// <summary>
/// Keeps a scrape to one sample: <see cref="PrometheusView"/> rewrites its series inside
/// <see cref="Update"/> and the metrics endpoint serializes the registry inside <see cref="ReadAsync"/>,
/// never both at once, so no scrape prints some families from one sample and some from the next.
/// </summary>
/// <remarks>
/// One async mutex, not a reader/writer lock: the read side is held only while the registry is
/// serialized into memory (<see cref="BufferedScrape"/>), never while a client receives it, so every
/// hold is short and concurrent scrapes lose nothing worth a hand-written async reader/writer lock
/// (.NET has none). Applying the newest sample in a before-collect callback instead would still need
/// the lock held across the serialization, since two overlapping scrapes would each apply one.
/// </remarks>
public sealed class SampleGate
{
    private readonly SemaphoreSlim _turn = new(1, 1);

    /// <summary>Runs <paramref name="rewrite"/> (the sampler's thread) while no scrape is serializing.</summary>
    public void Update(Action rewrite)
    {
        _turn.Wait();
        try
        {
            rewrite();
        }
        finally
        {
            _turn.Release();
        }
    }

    /// <summary>Runs <paramref name="serialize"/> while the series do not change.</summary>
    public async Task ReadAsync(Func<Task> serialize, CancellationToken cancellationToken)
    {
        await _turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await serialize().ConfigureAwait(false);
        }
        finally
        {
            _turn.Release();
        }
    }
}
