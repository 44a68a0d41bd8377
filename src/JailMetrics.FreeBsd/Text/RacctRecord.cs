using JailMetrics.Model;

namespace JailMetrics.FreeBsd.Text;

/// <summary>
/// One answer of rctl_get_racct(2), split by key. Values are exactly as the kernel printed them:
/// cputime and wallclock in whole seconds, pcpu in percent of one core, sizes in bytes, the rest counts
/// (reference freebsd.md §1.3, §1.5). Keys this build does not know — a newer kernel's additions — are
/// kept in <see cref="Unknown"/> rather than dropped or treated as errors.
/// </summary>
public sealed class RacctRecord
{
    public static RacctRecord Empty { get; } = new(new Dictionary<Resource, long>(), new Dictionary<string, long>());

    internal RacctRecord(IReadOnlyDictionary<Resource, long> known, IReadOnlyDictionary<string, long> unknown)
    {
        Known = known;
        Unknown = unknown;
    }

    /// <summary>The keys that name a RACCT resource, by Core resource.</summary>
    public IReadOnlyDictionary<Resource, long> Known { get; }

    /// <summary>Keys the kernel printed that this build does not map, by their kernel name.</summary>
    public IReadOnlyDictionary<string, long> Unknown { get; }

    /// <summary>Sets every known value on <paramref name="builder"/>; resources the kernel did not report stay absent.</summary>
    public void CopyTo(ResourceUsage.Builder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        foreach (var (resource, value) in Known) builder.Set(resource, value);
    }
}
