using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using JailMetrics.Testing.Sandboxing;

namespace JailMetrics.Testing;

/// <summary>
/// A live Linux "jail" for tests: a workload with a known footprint (<see cref="SandboxOptions"/>) as
/// pid 1 of its own PID, network, IPC, UTS and mount namespaces, in its own cgroups, optionally wired
/// to the host by a veth pair. Requires root.
/// </summary>
/// <remarks>
/// Nothing outlives the sandbox: <see cref="Dispose"/> removes it, sandboxes still alive at process
/// exit are disposed then, a killed test process's workloads exit by themselves, and whatever a crash
/// left behind (empty cgroups) is swept by the first <see cref="Start"/> of the next run.
/// </remarks>
public sealed class Sandbox : IDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(30);
    private static readonly Lock LeftoversGate = new();
    private static bool _leftoversRemoved;

    private readonly HostTools _tools;
    private readonly Lock _disposeGate = new();
    private OwnershipRecord? _ownership;
    private SandboxCgroups? _cgroups;
    private JailProcess? _jail;
    private VethPair? _veth;
    private bool _disposed;

    private Sandbox(string name, SandboxOptions options, HostTools tools)
    {
        Name = name;
        Options = options;
        _tools = tools;
        CgroupPath = options.OwnCgroup ? "/" + name : "";
    }

    public string Name { get; }

    /// <summary>The sandbox's cgroup as a path inside each hierarchy (as /proc/PID/cgroup shows it), e.g. "/jmtest-1a2b3c4d"; "" without <see cref="SandboxOptions.OwnCgroup"/>.</summary>
    public string CgroupPath { get; }

    /// <summary>Host PID of the namespace's pid 1, the workload.</summary>
    public int InitPid { get; private set; }

    /// <summary>Host PIDs of every process in the sandbox's PID namespace, read from /proc at each call, ascending.</summary>
    public IReadOnlyList<int> Pids => PidNamespaceInode == 0 ? [] : ProcFs.ProcessesInPidNamespace(PidNamespaceInode);

    public long PidNamespaceInode { get; private set; }

    /// <summary>
    /// The path of control file <paramref name="file"/> (e.g. "pids.max", "memory.limit_in_bytes") in the
    /// sandbox's cgroup of whichever hierarchy has it; null when none does or without <see cref="SandboxOptions.OwnCgroup"/>.
    /// </summary>
    public string? CgroupFile(string file) =>
        _cgroups?.Directories.Select(d => Path.Combine(d, file)).FirstOrDefault(File.Exists);

    public long NetNamespaceInode { get; private set; }

    public long IpcNamespaceInode { get; private set; }

    /// <summary>Host end of the veth pair ("jmh" + 6 hex digits); null without <see cref="SandboxOptions.Network"/>.</summary>
    public string? HostInterface => _veth?.HostInterface;

    /// <summary>Jail end of the veth pair ("jmj" + the same 6 hex digits); null without <see cref="SandboxOptions.Network"/>.</summary>
    public string? JailInterface => _veth?.JailInterface;

    /// <summary>The host end's address, the first of a 169.254.X.Y/30 unique to this sandbox.</summary>
    public IPAddress? HostAddress => _veth?.HostAddress;

    /// <summary>The jail end's address, the second of the /30.</summary>
    public IPAddress? JailAddress => _veth?.JailAddress;

    public SandboxOptions Options { get; }

    /// <summary>
    /// Starts a sandbox and returns once its workload is ready: all processes forked, memory touched,
    /// files open, shared memory attached, network configured. Throws with the jail's stderr when that
    /// fails, after removing whatever had been created.
    /// </summary>
    public static Sandbox Start(SandboxOptions? options = null)
    {
        options ??= new SandboxOptions();
        string name = ValidateAndName(options);
        Prerequisites.RequireRoot();
        HostTools tools = HostTools.Require();
        RemoveLeftoversOncePerProcess(tools);
        string workload = WorkloadBinary.EnsureCompiled(tools.Gcc);

        var sandbox = new Sandbox(name, options, tools);
        LiveSandboxes.Add(sandbox);
        try
        {
            sandbox.Build(workload);
            return sandbox;
        }
        catch (Exception e)
        {
            sandbox.Dispose();
            throw new InvalidOperationException($"sandbox {name} failed to start: {e.Message}", e);
        }
    }

    /// <summary>
    /// Removes cgroups (named <c>jmtest-*</c> or recorded), host veths (<c>jmh*</c>) and workloads left by
    /// test processes that died without cleaning up. Sandboxes of running processes are left alone.
    /// Throws when something could not be removed.
    /// </summary>
    public static void RemoveLeftovers()
    {
        Prerequisites.RequireRoot();
        IReadOnlyList<string> problems = LeftoverSweeper.Sweep(HostTools.Require());
        if (problems.Count > 0) throw new InvalidOperationException("leftover sandboxes remain: " + string.Join("; ", problems));
    }

    /// <summary>
    /// Sends <paramref name="datagrams"/> UDP datagrams of <paramref name="payloadBytes"/> zero bytes from
    /// <see cref="HostAddress"/> to port 9 of <see cref="JailAddress"/>. The kernel adds nothing on the
    /// pair (no ARP, no IPv6), so the jail's interface receives exactly these, each of 14 + 20 + 8 +
    /// <paramref name="payloadBytes"/> bytes, and answers each with one ICMP port unreachable; only a host
    /// daemon that talks on every new interface (avahi's mDNS) could add packets.
    /// </summary>
    public void SendUdp(int datagrams, int payloadBytes)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        VethPair veth = _veth ?? throw new InvalidOperationException($"sandbox {Name} has no network (SandboxOptions.Network is false)");
        veth.SendUdp(datagrams, payloadBytes);
    }

    /// <summary>
    /// Makes the workload map and write <paramref name="bytes"/> more private memory, so the jail's
    /// resident size rises by that much; returns once the memory is resident.
    /// </summary>
    public void GrowMemory(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bytes);
        string reply = Command($"grow {bytes.ToString(CultureInfo.InvariantCulture)}");
        if (!reply.StartsWith("grown ", StringComparison.Ordinal)) throw new InvalidOperationException($"{this} could not grow by {bytes} bytes: {reply}");
    }

    /// <summary>Makes the workload unmap all the memory <see cref="GrowMemory"/> added; returns once it is gone.</summary>
    public void ReleaseMemory()
    {
        string reply = Command("release");
        if (reply != "released") throw new InvalidOperationException($"{this} could not release its memory: {reply}");
    }

    /// <summary>
    /// Makes the workload try to fork <paramref name="children"/> processes at once, then kill them again:
    /// a probe of limits such as pids.max that leaves the footprint as it was.
    /// </summary>
    public ForkAttempt TryFork(int children)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(children);
        string reply = Command($"fork {children.ToString(CultureInfo.InvariantCulture)}");
        return ForkAttempt.Parse(reply) ?? throw new InvalidOperationException($"{this} answered the fork probe with '{reply}'");
    }

    /// <summary>
    /// Kills the namespace's pid 1 (the kernel kills the rest), waits until its processes are gone,
    /// deletes the host veth and removes the cgroups. Idempotent; never throws: what could not be
    /// removed is reported on stderr and left for <see cref="RemoveLeftovers"/>.
    /// </summary>
    public void Dispose()
    {
        lock (_disposeGate)
        {
            if (_disposed) return;
            _disposed = true;
        }

        var problems = new List<string>();
        // Order matters: interfaces and cgroups can only go once the processes using them have.
        Attempt(problems, () => _jail?.Kill());
        Attempt(problems, () => _veth?.Delete(_tools));
        Attempt(problems, () => _cgroups?.Remove() is { Count: > 0 } remaining ? $"cgroups remain: {string.Join(", ", remaining)}" : null);
        // Keep the record while anything remains, so that a later sweep knows whose it was.
        if (problems.Count == 0) Attempt(problems, () => { _ownership?.Release(); return null; });
        LiveSandboxes.Remove(this);

        if (problems.Count > 0) Console.Error.WriteLine($"JailMetrics.Testing: sandbox {Name} not fully removed: {string.Join("; ", problems)}");
    }

    public override string ToString() => $"sandbox {Name} (init pid {InitPid})";

    private string Command(string command)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        JailProcess jail = _jail ?? throw new InvalidOperationException($"{this} has not started");
        return jail.Converse(command, CommandTimeout);
    }

    private void Build(string workload)
    {
        VethPair? veth = Options.Network ? VethPair.Plan() : null;
        _ownership = OwnershipRecord.Claim(Name, veth?.HostInterface);
        if (Options.OwnCgroup) _cgroups = SandboxCgroups.Create(Name, CgroupHierarchy.Detect());

        _jail = JailProcess.Launch(_tools, workload, Name, Options, _cgroups?.ProcsFiles ?? []);
        _jail.WaitUntilReady(ReadyTimeout);
        InitPid = _jail.InitPid;
        PidNamespaceInode = _jail.PidNamespaceInode;
        NetNamespaceInode = ProcFs.NamespaceInode(InitPid, "net") ?? throw new InvalidOperationException("the workload exited right after starting");
        IpcNamespaceInode = ProcFs.NamespaceInode(InitPid, "ipc") ?? throw new InvalidOperationException("the workload exited right after starting");

        if (veth is not null)
        {
            _veth = veth; // before creating it, so that a half-made pair is deleted too
            try
            {
                veth.Create(_tools, InitPid);
            }
            catch (InvalidOperationException e)
            {
                throw new InvalidOperationException($"{e.Message}. unshare stderr:\n{_jail.StandardError}", e);
            }
        }
    }

    private static string ValidateAndName(SandboxOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Processes, 1, nameof(options.Processes));
        ArgumentOutOfRangeException.ThrowIfNegative(options.ExtraOpenFiles, nameof(options.ExtraOpenFiles));
        ArgumentOutOfRangeException.ThrowIfNegative(options.RssBytes, nameof(options.RssBytes));
        ArgumentOutOfRangeException.ThrowIfNegative(options.ShmBytes, nameof(options.ShmBytes));
        if (options.Name is null) return LeftoverSweeper.NamePrefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));

        // The name becomes a directory name in every cgroup hierarchy and the jail's hostname (at most 64 bytes).
        string name = options.Name;
        bool valid = name.Length is > 0 and <= 64 && name is not ("." or "..")
            && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
        if (!valid) throw new ArgumentException($"sandbox name '{name}' must be 1-64 characters of A-Z a-z 0-9 - _ .", nameof(options));
        return name;
    }

    private static void RemoveLeftoversOncePerProcess(HostTools tools)
    {
        lock (LeftoversGate)
        {
            if (_leftoversRemoved) return;
            _leftoversRemoved = true;
            // A leftover that resists removal must not fail unrelated tests; it is reported and retried next run.
            foreach (string problem in LeftoverSweeper.Sweep(tools)) Console.Error.WriteLine($"JailMetrics.Testing: {problem}");
        }
    }

    private static void Attempt(List<string> problems, Func<string?> step)
    {
        try
        {
            if (step() is { } problem) problems.Add(problem);
        }
        catch (Exception e)
        {
            problems.Add(e.Message);
        }
    }
}
