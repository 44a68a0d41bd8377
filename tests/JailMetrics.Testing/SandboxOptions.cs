namespace JailMetrics.Testing;

/// <summary>What a <see cref="Sandbox"/> contains; every quantity is something a test can assert on.</summary>
public sealed class SandboxOptions
{
    /// <summary>
    /// The jail's name: its hostname and the leaf directory of its cgroups.
    /// Default <c>"jmtest-"</c> + 8 random hex digits; the <c>jmtest-</c> prefix is what
    /// <see cref="Sandbox.RemoveLeftovers"/> recognises, so keep it when choosing a name.
    /// </summary>
    public string? Name { get; init; }

    /// <summary>Total processes in the PID namespace, including the workload (its pid 1).</summary>
    public int Processes { get; init; } = 3;

    /// <summary>Descriptors the workload holds open beyond stdin, stdout and stderr.</summary>
    public int ExtraOpenFiles { get; init; } = 5;

    /// <summary>Private memory the workload allocates and writes, so it is resident.</summary>
    public long RssBytes { get; init; } = 32L << 20;

    /// <summary>Size of the one System V shared memory segment the workload creates, attaches and writes (none when 0).</summary>
    public long ShmBytes { get; init; } = 1L << 20;

    /// <summary>Whether to connect the jail to the host with a veth pair carrying link-local addresses.</summary>
    public bool Network { get; init; } = true;

    /// <summary>
    /// Whether the jail gets its own cgroup, named <see cref="Name"/>, at the top of every mounted
    /// hierarchy among the v1 controllers memory, cpu, cpuacct, pids, blkio and of the v2 hierarchy.
    /// </summary>
    public bool OwnCgroup { get; init; } = true;
}
