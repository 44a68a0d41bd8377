namespace JailMetrics.FreeBsd.Text;

/// <summary>How <see cref="JexecNetstat"/> runs netstat inside a jail.</summary>
public sealed class JexecNetstatOptions
{
    /// <summary>jexec(8), which attaches to the jail and then execs the command.</summary>
    public string JexecPath { get; set; } = "/usr/sbin/jexec";

    /// <summary>netstat(1) as the path inside the jail: the jail must have its own copy.</summary>
    public string NetstatPath { get; set; } = "/usr/bin/netstat";

    /// <summary>How long one run may take before it is killed and the read counts as failed.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);
}
