using System.Collections.Immutable;
using JailMetrics.Model;

namespace JailMetrics.Linux.Scanning;

/// <summary>
/// What a jail is read for only on full samples (every slow interval) and on its first sample:
/// addresses (fib_trie, if_inet6), root link, hostname and root filesystem usage (statfs). In the
/// samples between, the values of the jail's last full read are carried: an address, hostname or
/// disk usage change shows within one slow interval (as cAdvisor reads disk usage on its own,
/// slower cadence), while CPU, memory, processes, I/O and interface counters stay per sample.
/// A jail is known by its PID namespace, its representative pid and that process's start time, so a
/// new jail, or a jail whose representative changed, is always read fully.
/// </summary>
internal sealed class SlowFacts
{
    private Dictionary<JailKey, JailFacts> _previous = [];
    private Dictionary<JailKey, JailFacts> _current = [];

    /// <summary>True when this sample reads every jail's slow facts afresh.</summary>
    public bool Full { get; private set; } = true;

    /// <summary>Starts a sample: facts of jails not met in it are dropped.</summary>
    public void Begin(bool full)
    {
        Full = full;
        (_previous, _current) = (_current, _previous); // two dictionaries in turn: none made per sample
        _current.Clear();
    }

    /// <summary>How many jails the previous sample had (a size hint for a sample's own tables).</summary>
    public int PreviousCount => _previous.Count;

    /// <summary>The facts to use for a jail: the previous sample's when this one is not full, else empty ones to fill (<see cref="JailFacts.Read"/> false).</summary>
    public JailFacts For(long pidNs, int initPid, ulong initStartTicks)
    {
        var key = new JailKey(pidNs, initPid, initStartTicks);
        if (_current.TryGetValue(key, out var facts)) return facts;
        bool known = _previous.TryGetValue(key, out var carried);
        if (carried is not null) carried.Previous = null; // one step back at most, even after a cancelled sample
        facts = !Full && known ? carried! : new JailFacts { Previous = carried };
        _current[key] = facts;
        return facts;
    }

    private readonly record struct JailKey(long PidNs, int InitPid, ulong InitStartTicks);
}

/// <summary>One jail's slow facts (see <see cref="SlowFacts"/>).</summary>
internal sealed class JailFacts
{
    /// <summary>True once the facts below were read (in this sample or one before).</summary>
    public bool Read { get; set; }

    public ImmutableArray<string> IPv4 { get; set; } = [];
    public ImmutableArray<string> IPv6 { get; set; } = [];
    public string? Root { get; set; }
    public string? Hostname { get; set; }

    /// <summary>True once statfs was done for this jail; <see cref="Filesystem"/> may still be null (its root is not ours to see).</summary>
    public bool FilesystemRead { get; set; }
    public FilesystemUsage? Filesystem { get; set; }

    /// <summary>
    /// On a full sample, the facts this jail had before, until <see cref="AdoptUnchanged"/> has compared
    /// them with the fresh ones (then null: facts never chain).
    /// </summary>
    public JailFacts? Previous { get; set; }

    /// <summary>
    /// Takes the previous facts' objects for the values that read the same again (addresses, root,
    /// hostname), and with them the previous JailInfo, so a full sample that finds a jail unchanged
    /// makes no new JailInfo for it (issue 8). Forgets <see cref="Previous"/>.
    /// </summary>
    public void AdoptUnchanged()
    {
        if (Previous is not { } before) return;
        Previous = null;
        if (Root == before.Root) Root = before.Root;
        if (Hostname == before.Hostname) Hostname = before.Hostname;
        if (IPv4.SequenceEqual(before.IPv4)) IPv4 = before.IPv4;
        if (IPv6.SequenceEqual(before.IPv6)) IPv6 = before.IPv6;
        Info = before.Info;
        InfoCgroup = before.InfoCgroup;
        InfoNamespaces = before.InfoNamespaces;
    }

    /// <summary>The jail's JailInfo of its last sample, and the cgroup naming path and net/ipc/uts namespaces it was made with (JailDiscovery reuses it while they stay).</summary>
    public JailInfo? Info { get; set; }
    public string? InfoCgroup { get; set; }
    public (long Net, long Ipc, long Uts) InfoNamespaces { get; set; }
}
