using JailMetrics.Model;
using JailMetrics.Snmp.Mib;
using JailMetrics.Snmp.Notifications;
using JailMetrics.State;
using JailMetrics.Store;

namespace JailMetrics.Service.Snmp;

/// <summary>
/// Sends jmJailStarted and jmJailStopped (JAILMETRICS-MIB) by comparing each sample's jails with
/// the previous sample's: a new name started, a missing name stopped, a new id under a known name
/// (a restart) stopped and started again. The first sample sends nothing: coldStart covers it.
/// Sending only enqueues, so a slow or absent receiver never delays the sampler.
/// </summary>
public sealed class JailLifecycleNotifier(JailIndexRegistry indexes, INotificationSender sender) : ISnapshotConsumer
{
    private static readonly Oid NameColumn = JailMetricsMib.JailEntry.Append(2); // jmJailName
    private static readonly Oid IdColumn = JailMetricsMib.JailEntry.Append(3);   // jmJailId

    private Dictionary<string, long>? _previous;

    public void OnSnapshot(Snapshot current)
    {
        var now = new Dictionary<string, long>(current.Jails.Length, StringComparer.Ordinal);
        foreach (var jail in current.Jails) now[jail.Name] = jail.Info.Id;

        if (_previous is { } before)
        {
            foreach (var (name, id) in before)
                if (!now.TryGetValue(name, out long idNow) || idNow != id) Send(JailMetricsMib.Notification.JailStopped, name, id);
            foreach (var (name, id) in now)
                if (!before.TryGetValue(name, out long idThen) || idThen != id) Send(JailMetricsMib.Notification.JailStarted, name, id);
        }
        _previous = now;
    }

    private void Send(Oid notification, string name, long id)
    {
        uint index = (uint)indexes.IndexOf(name);
        sender.TrySend(new Notification(notification,
        [
            (NameColumn.Append(index), SnmpValue.OctetString(name)),
            // jmJailId is Unsigned32 (wire type Gauge32); a Linux namespace inode fits in 32 bits.
            (IdColumn.Append(index), SnmpValue.Gauge32(unchecked((uint)id))),
        ]));
    }
}
