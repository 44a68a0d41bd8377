using JailMetrics.Model;
using JailMetrics.Sampling;

namespace JailMetrics.Linux;

/// <summary>Linux containers (a PID namespace and its cgroup) as jails. Placeholder until the source lands.</summary>
public sealed class LinuxJailSource(LinuxSourceOptions options) : IJailSource
{
    public string Platform => "linux";

    public LinuxSourceOptions Options => options;

    public Snapshot Sample(CancellationToken cancellationToken) =>
        new SnapshotBuilder([JailInfo.Host(Environment.MachineName)]).Build();
}
