using JailMetrics.Model;

namespace JailMetrics.FreeBsd.Devd;

/// <summary>
/// Counts RCTL breach events per (jail, resource) since the service started; events that name no jail
/// or no known resource (cut short by the kernel's 128-byte buffer) are counted as unattributed.
/// Thread-safe; read it from any thread.
/// </summary>
public sealed class BreachCounter
{
    private readonly Lock _lock = new();
    private Dictionary<(string Jail, Resource Resource), long> _counts = [];
    private long _unattributed;

    public void Record(RctlBreachEvent breach)
    {
        ArgumentNullException.ThrowIfNull(breach);
        lock (_lock)
        {
            if (breach.Jail is { } jail && breach.Resource is { } resource)
            {
                var updated = new Dictionary<(string, Resource), long>(_counts);
                updated[(jail, resource)] = updated.GetValueOrDefault((jail, resource)) + 1;
                _counts = updated;
            }
            else
            {
                _unattributed++;
            }
        }
    }

    /// <summary>A snapshot of the counts by (jail, resource).</summary>
    public IReadOnlyDictionary<(string Jail, Resource Resource), long> ByJailAndResource
    {
        get { lock (_lock) return _counts; }
    }

    public long Count(string jail, Resource resource)
    {
        lock (_lock) return _counts.GetValueOrDefault((jail, resource));
    }

    /// <summary>Events that could not be attributed to a jail and resource.</summary>
    public long Unattributed
    {
        get { lock (_lock) return _unattributed; }
    }
}
