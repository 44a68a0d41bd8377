namespace JailMetrics.FreeBsd.Devd;

/// <summary>Where and how <see cref="DevdEventReader"/> listens to devd(8).</summary>
public sealed class DevdEventReaderOptions
{
    /// <summary>devd's SOCK_SEQPACKET socket: one event per record (devd(8) FILES).</summary>
    public string SeqpacketPath { get; set; } = "/var/run/devd.seqpacket.pipe";

    /// <summary>devd's deprecated SOCK_STREAM socket: newline-separated events; used when the seqpacket one cannot be opened.</summary>
    public string StreamPath { get; set; } = "/var/run/devd.pipe";

    /// <summary>The first wait after a failed connection; doubled on each further failure.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between connection attempts.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Events kept for a slow consumer; beyond it the oldest are dropped. The socket is always read at
    /// once, because devd disconnects a client that does not keep up.
    /// </summary>
    public int Capacity { get; set; } = 1024;
}
