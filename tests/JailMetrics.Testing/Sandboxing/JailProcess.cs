using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace JailMetrics.Testing.Sandboxing;

/// <summary>
/// The process tree of a sandbox: <c>unshare</c>, run as our child, and its child, the workload,
/// which is pid 1 of fresh PID, network, IPC, UTS and mount namespaces.
/// </summary>
internal sealed class JailProcess
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(10);

    // Runs inside the new namespaces as their pid 1 and then becomes the workload (exec keeps pid 1),
    // so the jail is fully placed before the workload forks or allocates anything:
    //   - it joins the cgroups itself ("0" means the writer), so the cgroups hold exactly the jail's
    //     processes and not unshare, which stays outside as a container runtime's shim would;
    //   - it names the jail: the hostname of its UTS namespace;
    //   - it turns IPv6 off by default in its network namespace (a veth end moved in later inherits
    //     that) and exempts ICMP from rate limiting, so each datagram the host sends to a closed port
    //     yields exactly one port-unreachable reply: traffic counts are exact in both directions.
    // Arguments: NAME CGROUP_PROCS_FILE... -- WORKLOAD ARGS...
    private const string JailInitScript = """
        name=$1; shift
        while [ "$1" != -- ]; do echo 0 > "$1" || exit 125; shift; done; shift
        printf %s "$name" > /proc/sys/kernel/hostname || exit 125
        echo 0 > /proc/sys/net/ipv4/icmp_ratemask || exit 125
        ipv6_default=/proc/sys/net/ipv6/conf/default/disable_ipv6
        if [ -e $ipv6_default ]; then echo 1 > $ipv6_default || exit 125; fi
        exec "$@"
        """;

    private readonly Process _unshare;
    private readonly StringBuilder _standardError = new();
    private readonly Lock _conversationGate = new();
    private Task<string?>? _unansweredRead; // a reply that timed out; the next one is read after it

    private JailProcess(Process unshare) => _unshare = unshare;

    /// <summary>Host PID of the namespace's pid 1; 0 until <see cref="WaitUntilReady"/> has returned.</summary>
    public int InitPid { get; private set; }

    /// <summary>Inode of the jail's PID namespace; 0 until <see cref="WaitUntilReady"/> has returned.</summary>
    public long PidNamespaceInode { get; private set; }

    /// <summary>What the jail wrote to stderr so far.</summary>
    public string StandardError
    {
        get
        {
            lock (_standardError) return _standardError.ToString();
        }
    }

    public static JailProcess Launch(HostTools tools, string workload, string name, SandboxOptions options, IReadOnlyList<string> cgroupProcsFiles)
    {
        var startInfo = new ProcessStartInfo(tools.Unshare)
        {
            // stdin is a pipe we never write to: the workload exits when it reads end-of-file, which
            // happens when this test process dies, however abruptly (see jm-workload.c).
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // --kill-child: if unshare dies, the kernel SIGKILLs the namespace's pid 1, and with it the namespace.
        string[] arguments =
        [
            "--pid", "--fork", "--mount-proc", "--net", "--ipc", "--uts", "--kill-child", "--",
            tools.Shell, "-c", JailInitScript, "jm-jail-init", name, .. cgroupProcsFiles, "--",
            workload, Invariant(options.Processes), Invariant(options.ExtraOpenFiles), Invariant(options.RssBytes), Invariant(options.ShmBytes),
        ];
        foreach (string argument in arguments) startInfo.ArgumentList.Add(argument);

        Process unshare = Process.Start(startInfo) ?? throw new InvalidOperationException("could not start unshare");
        var jail = new JailProcess(unshare);
        unshare.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is null) return;
            lock (jail._standardError) jail._standardError.AppendLine(line.Data);
        };
        unshare.BeginErrorReadLine();
        return jail;
    }

    /// <summary>Waits for the workload's "ready" line, then identifies its pid 1. Throws, quoting stderr, when it fails or times out.</summary>
    public void WaitUntilReady(TimeSpan timeout)
    {
        Task<string?> firstLine = _unshare.StandardOutput.ReadLineAsync();
        if (!firstLine.Wait(timeout)) throw Failure($"the workload did not report ready within {timeout.TotalSeconds} s");
        if (firstLine.Result != "ready")
        {
            _unshare.WaitForExit(ExitTimeout); // so that stderr is complete
            string exit = _unshare.HasExited ? $"exit status {_unshare.ExitCode}" : "still running";
            throw Failure($"the workload printed '{firstLine.Result}' instead of 'ready' ({exit})");
        }

        InitPid = ProcFs.Children(_unshare.Id).SingleOrDefault();
        long? inode = InitPid == 0 ? null : ProcFs.NamespaceInode(InitPid, "pid");
        if (inode is null) throw Failure($"the workload's pid 1 is not a child of unshare ({_unshare.Id})");
        PidNamespaceInode = inode.Value;
    }

    /// <summary>
    /// Sends one command line to the workload's stdin and returns its one-line reply (see jm-workload.c).
    /// Throws, quoting stderr, when no reply comes within <paramref name="timeout"/> or the workload has gone.
    /// </summary>
    public string Converse(string command, TimeSpan timeout)
    {
        lock (_conversationGate)
        {
            try
            {
                _unshare.StandardInput.WriteLine(command);
                _unshare.StandardInput.Flush();
            }
            catch (IOException e)
            {
                throw Failure($"the workload no longer reads commands ({e.Message})");
            }
            // A reply that came too late for an earlier command is discarded, so answers never shift by one.
            _unansweredRead?.Wait(timeout);
            _unansweredRead = null;
            Task<string?> reply = _unshare.StandardOutput.ReadLineAsync();
            if (!reply.Wait(timeout))
            {
                _unansweredRead = reply;
                throw Failure($"the workload did not answer '{command}' within {timeout.TotalSeconds} s");
            }
            return reply.Result ?? throw Failure($"the workload closed its stdout instead of answering '{command}'");
        }
    }

    /// <summary>
    /// SIGKILLs pid 1 of the namespace (the kernel then kills every other process in it) and waits
    /// until none is left. Returns an error description, or null on success.
    /// </summary>
    public string? Kill()
    {
        // Before the workload is known, killing unshare takes it along (--kill-child). The namespace
        // inode check guards against signalling a recycled PID.
        if (InitPid != 0 && ProcFs.NamespaceInode(InitPid, "pid") == PidNamespaceInode) SigKill(InitPid);
        else SigKill(_unshare);

        if (!_unshare.WaitForExit(ExitTimeout)) SigKill(_unshare);
        var clock = Stopwatch.StartNew();
        while (PidNamespaceInode != 0 && ProcFs.ProcessesInPidNamespace(PidNamespaceInode).Count > 0)
        {
            if (clock.Elapsed > ExitTimeout) return $"processes of PID namespace {PidNamespaceInode} survive SIGKILL after {ExitTimeout.TotalSeconds} s";
            Thread.Sleep(20);
        }
        _unshare.WaitForExit(ExitTimeout);
        _unshare.Dispose(); // closes our end of the workload's stdin and the output pipes
        return null;
    }

    private InvalidOperationException Failure(string reason)
    {
        // Dispose of the sandbox kills the tree; here only the diagnosis is assembled.
        return new InvalidOperationException($"{reason}. unshare stderr:\n{StandardError}");
    }

    private static void SigKill(int pid)
    {
        try
        {
            using Process process = Process.GetProcessById(pid);
            process.Kill(); // SIGKILL on Unix
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Already gone.
        }
    }

    private static void SigKill(Process process)
    {
        try
        {
            process.Kill();
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);
}
