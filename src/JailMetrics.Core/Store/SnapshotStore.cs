using JailMetrics.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace JailMetrics.Store;

/// <summary>
/// Holds the latest sample, and of the one before it only the jails it no longer has. Publishing
/// derives rates from the latest and the new sample and then tells every <see cref="ISnapshotConsumer"/>;
/// readers (scrapes, SNMP requests) only ever see a whole sample.
/// </summary>
/// <remarks>
/// The whole previous sample is not kept: rates need it only while the next one is published, and
/// keeping it a whole interval longer held a second copy of every jail (issue 8, resident memory).
/// </remarks>
public sealed class SnapshotStore
{
    private readonly IReadOnlyList<ISnapshotConsumer> _consumers;
    private readonly ILogger<SnapshotStore> _logger;
    private readonly Lock _publishLock = new();
    private volatile Snapshot _latest = Snapshot.Empty;
    private volatile IReadOnlyList<JailSample> _vanished = [];

    public SnapshotStore(IEnumerable<ISnapshotConsumer> consumers, ILogger<SnapshotStore>? logger = null)
    {
        _consumers = [.. consumers];
        _logger = logger ?? NullLogger<SnapshotStore>.Instance;
    }

    public Snapshot Latest => _latest;

    /// <summary>The jails of the previous sample that <see cref="Latest"/> no longer has (what an alert on a jail that just vanished needs).</summary>
    public IReadOnlyList<JailSample> Vanished => _vanished;

    /// <summary>The jail named <paramref name="name"/> in the latest sample, or as the previous one had it if it just vanished.</summary>
    public JailSample? FindLatestOrVanished(string name)
    {
        if (_latest.Find(name) is { } jail) return jail;
        foreach (var gone in _vanished)
            if (gone.Name == name) return gone;
        return null;
    }

    /// <summary>Raised after every publish, once the consumers have seen the sample.</summary>
    public event Action<Snapshot>? Published;

    /// <summary>Derives rates against the latest sample, makes <paramref name="raw"/> the latest, and tells the consumers.</summary>
    public Snapshot Publish(Snapshot raw)
    {
        lock (_publishLock)
        {
            var current = RateDeriver.Derive(_latest, raw) with { Sequence = _latest.Sequence + 1 };
            _vanished = VanishedFrom(_latest, current);
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

    private static IReadOnlyList<JailSample> VanishedFrom(Snapshot previous, Snapshot current)
    {
        if (previous.Jails.IsDefaultOrEmpty) return [];
        var names = new HashSet<string>(current.Jails.Length, StringComparer.Ordinal);
        foreach (var jail in current.Jails) names.Add(jail.Name);
        List<JailSample>? vanished = null;
        foreach (var jail in previous.Jails)
            if (!names.Contains(jail.Name)) (vanished ??= []).Add(jail);
        return vanished ?? (IReadOnlyList<JailSample>)[];
    }
}
