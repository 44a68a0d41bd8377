namespace JailMetrics.Snmp.Notifications;

/// <summary>The sender's counters, one set per target in configuration order, for metrics and MIB objects.</summary>
public sealed class NotificationStats
{
    internal NotificationStats(IReadOnlyList<TargetNotificationStats> targets) => Targets = targets;

    public IReadOnlyList<TargetNotificationStats> Targets { get; }

    /// <summary>The counters of the target named <paramref name="name"/>.</summary>
    public TargetNotificationStats this[string name] =>
        Targets.FirstOrDefault(t => t.Target == name) ?? throw new KeyNotFoundException($"no notification target '{name}'");

    public override string ToString() => string.Join("; ", Targets);
}
