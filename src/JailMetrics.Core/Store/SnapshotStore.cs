using JailMetrics.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace JailMetrics.Store;

/// <summary>
/// Holds the latest and the previous sample. Publishing derives rates from the two and then tells
/// every <see cref="ISnapshotConsumer"/>; readers (scrapes, SNMP requests) only ever see a whole sample.
/// </summary>
public sealed class SnapshotStore
{
    private readonly IReadOnlyList<ISnapshotConsumer> _consumers;
    private readonly ILogger<SnapshotStore> _logger;
    private readonly Lock _publishLock = new();
    private volatile Snapshot _latest = Snapshot.Empty;
    private volatile Snapshot _previous = Snapshot.Empty;

    public SnapshotStore(IEnumerable<ISnapshotConsumer> consumers, ILogger<SnapshotStore>? logger = null)
    {
        _consumers = [.. consumers];
        _logger = logger ?? NullLogger<SnapshotStore>.Instance;
    }

    public Snapshot Latest => _latest;

    public Snapshot Previous => _previous;

    /// <summary>Raised after every publish, once the consumers have seen the sample.</summary>
    public event Action<Snapshot>? Published;

    /// <summary>Derives rates against the latest sample, makes <paramref name="raw"/> the latest, and tells the consumers.</summary>
    public Snapshot Publish(Snapshot raw)
    {
        lock (_publishLock)
        {
            var current = RateDeriver.Derive(_latest, raw) with { Sequence = _latest.Sequence + 1 };
            _previous = _latest;
            _latest = current;
            foreach (var consumer in _consumers)
            {
                try
                {
                    consumer.OnSnapshot(current);
                }
                catch (Exception e)
                {
                    // One broken view must not stop the others from publishing.
                    _logger.LogError(e, "{Consumer} failed to take sample {Sequence}", consumer.GetType().Name, current.Sequence);
                }
            }
            Published?.Invoke(current);
            return current;
        }
    }
}
