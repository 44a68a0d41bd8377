using JailMetrics.Model;

namespace JailMetrics.Service.Snmp;

/// <summary>
/// Remembers each jail's current incarnation (its id) and when the agent first saw it, for
/// jmJailDiscontinuityTime, and when the set of rows last changed, for jmJailTableLastChange.
/// </summary>
public sealed class JailIncarnations
{
    private Dictionary<string, (long Id, uint Since)> _jails = new(StringComparer.Ordinal);

    /// <summary>sysUpTime of the last row added, removed or restarted.</summary>
    public uint TableLastChange { get; private set; }

    /// <param name="discontinuity">The TimeStamp of an incarnation first seen in this sample: 0 in the first sample after start (it began before), otherwise now.</param>
    /// <param name="now">sysUpTime now, for the table's last change.</param>
    public void Observe(Snapshot snapshot, uint discontinuity, uint now)
    {
        var jails = new Dictionary<string, (long Id, uint Since)>(snapshot.Jails.Length, StringComparer.Ordinal);
        bool changed = false;
        foreach (var jail in snapshot.Jails)
        {
            if (_jails.TryGetValue(jail.Name, out var known) && known.Id == jail.Info.Id)
            {
                jails[jail.Name] = known;
                continue;
            }
            jails[jail.Name] = (jail.Info.Id, discontinuity);
            changed = true;
        }
        if (changed || jails.Count != _jails.Count) TableLastChange = now;
        _jails = jails;
    }

    /// <summary>When the agent first saw the jail's current incarnation; the jail must be in the last observed sample.</summary>
    public uint DiscontinuityTime(string name) => _jails[name].Since;
}
