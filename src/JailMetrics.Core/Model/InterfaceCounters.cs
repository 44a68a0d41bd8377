namespace JailMetrics.Model;

/// <summary>
/// The kernel's counters of one network interface as seen from inside a jail. Counters are the
/// kernel's own values; the rates are filled in by the snapshot store from the previous sample.
/// </summary>
public sealed record InterfaceCounters(
    string Name,
    ulong ReceiveBytes,
    ulong ReceivePackets,
    ulong ReceiveErrors,
    ulong ReceiveDrops,
    ulong TransmitBytes,
    ulong TransmitPackets,
    ulong TransmitErrors,
    ulong TransmitDrops)
{
    /// <summary>Bytes per second received since the previous sample; null on the first one.</summary>
    public double? ReceiveBytesPerSecond { get; init; }

    /// <summary>Bytes per second transmitted since the previous sample; null on the first one.</summary>
    public double? TransmitBytesPerSecond { get; init; }
}
