namespace JailMetrics.Snmp.Notifications;

/// <summary>The <c>Notifications</c> config section: where notifications go and how much may wait.</summary>
public sealed class NotificationOptions
{
    public const string Section = "Notifications";

    /// <summary>Every notification goes to every target (RFC 3413 §3.2 notification originator).</summary>
    public List<NotificationTargetOptions> Targets { get; set; } = [];

    /// <summary>
    /// Notifications each target may hold while it is busy (an inform awaiting its Response, a receiver
    /// timing out). When full, the oldest waiting one is dropped and counted: under a storm the most
    /// recent state of the jails is worth more than the history.
    /// </summary>
    public int QueueCapacity { get; set; } = 1000;

    /// <summary>Send coldStart (RFC 3418) to every target when the sender starts.</summary>
    public bool SendColdStart { get; set; } = true;
}
