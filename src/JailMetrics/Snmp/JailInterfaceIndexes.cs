using JailMetrics.Model;

namespace JailMetrics.Service.Snmp;

/// <summary>
/// Numbers each jail's interfaces for jmJailIfIndex, ifIndex style (RFC 2863: stable from one
/// re-initialization of the agent to the next). The interfaces a jail has when first seen are
/// numbered in name order, so a restarted agent numbers an unchanged jail the same way without
/// keeping state; an interface that appears later takes the next number, so nobody else's number
/// moves. Numbers outlive a jail restart (same names, same numbers) and are forgotten when the
/// jail leaves the samples. Not thread-safe: the binding calls it from the sampler only.
/// </summary>
public sealed class JailInterfaceIndexes
{
    private sealed class JailInterfaces(long id)
    {
        public long Id = id;
        public readonly Dictionary<string, int> Indexes = new(StringComparer.Ordinal);
        public Dictionary<string, uint> Since = new(StringComparer.Ordinal);
    }

    private Dictionary<string, JailInterfaces> _jails = new(StringComparer.Ordinal);
    private Dictionary<string, JailInterfaces> _observed = new(StringComparer.Ordinal);

    /// <summary>Starts a sample: jails not observed before <see cref="EndSample"/> are forgotten.</summary>
    public void BeginSample() => _observed = new Dictionary<string, JailInterfaces>(_jails.Count, StringComparer.Ordinal);

    public void EndSample() => _jails = _observed;

    /// <summary>
    /// The interfaces of one jail in this sample with their index and discontinuity time: when the
    /// interface first appeared in the jail's current incarnation (<paramref name="discontinuity"/>
    /// for one that is new in this sample).
    /// </summary>
    public IEnumerable<(InterfaceCounters Counters, int Index, uint Since)> Observe(JailSample jail, uint discontinuity)
    {
        bool known = _jails.TryGetValue(jail.Name, out var state);
        state ??= new JailInterfaces(jail.Info.Id);
        _observed[jail.Name] = state;

        bool restarted = known && state.Id != jail.Info.Id;
        state.Id = jail.Info.Id;
        var since = new Dictionary<string, uint>(jail.Interfaces.Length, StringComparer.Ordinal);
        foreach (var nic in jail.Interfaces.OrderBy(n => n.Name, StringComparer.Ordinal))
        {
            if (!state.Indexes.ContainsKey(nic.Name)) state.Indexes[nic.Name] = state.Indexes.Count + 1;
            // A restarted jail's interfaces are new incarnations too, even under the same name.
            since[nic.Name] = !restarted && state.Since.TryGetValue(nic.Name, out uint before) ? before : discontinuity;
        }
        state.Since = since;
        return [.. jail.Interfaces.Select(nic => (nic, state.Indexes[nic.Name], since[nic.Name]))];
    }
}
