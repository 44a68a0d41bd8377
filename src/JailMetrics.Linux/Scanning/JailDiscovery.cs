using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using JailMetrics.Linux.Namespaces;
using JailMetrics.Linux.Native;
using JailMetrics.Linux.Parsing;
using JailMetrics.Model;

namespace JailMetrics.Linux.Scanning;

/// <summary>
/// Turns the process table into the jail tree: every PID namespace other than the host's is a jail,
/// nested namespaces are child jails; names come from cgroups (or the config, or the UTS hostname).
/// </summary>
/// <remarks>
/// The host's PID namespace is that of pid 1 of the procfs being read, not /proc/self's: the service
/// may itself run in a container with the host's procfs mounted as ProcRoot, and a fixture tree has
/// no "self". Only when pid 1 cannot be read does /proc/self serve.
/// </remarks>
internal static class JailDiscovery
{
    private static string[] OwnedHierarchyKeys => JailNode.OwnableHierarchies;

    public static LinuxScan Discover(ProcessTable table, LinuxSourceOptions options, string procRoot,
        INamespaceReader namespaces, IFilesystemStats filesystems, DateTimeOffset now, CancellationToken cancellationToken,
        SlowFacts? slow = null, KeptFiles? kept = null)
    {
        slow ??= new SlowFacts();
        var cgroups = new CgroupLayout(options.SysRoot, kept);
        byte[]? statBuffer = NativeFs.ReadFilePooled(Encoding.UTF8.GetBytes(procRoot + "/stat\0"), out int statLength, out _);
        var (btime, busy) = statBuffer is null ? (0L, 0UL) : NetParsers.ParseProcStat(statBuffer.AsSpan(0, statLength));
        if (statBuffer is not null) System.Buffers.ArrayPool<byte>.Shared.Return(statBuffer);
        var bootTime = DateTimeOffset.FromUnixTimeSeconds(btime);

        // --- the host ---
        long hostPidNs = ReadNs(procRoot, "1", "pid");
        if (hostPidNs == 0) hostPidNs = ReadNs(procRoot, "self", "pid");
        if (hostPidNs == 0) throw new IOException($"cannot read the host's PID namespace from {procRoot}/1/ns/pid");
        table.IndexByPid.TryGetValue(1, out int hostInit);
        if (!table.IndexByPid.ContainsKey(1)) hostInit = -1;
        var host = new JailNode
        {
            Index = 0,
            PidNs = hostPidNs,
            InitIndex = hostInit,
            InitPid = 1,
            NetNs = hostInit >= 0 ? table[hostInit].NetNs : ReadNs(procRoot, "1", "net"),
            IpcNs = hostInit >= 0 ? table[hostInit].IpcNs : ReadNs(procRoot, "1", "ipc"),
            UtsNs = hostInit >= 0 ? table[hostInit].UtsNs : ReadNs(procRoot, "1", "uts"),
        };
        if (hostInit >= 0) host.Cgroup = table.CgroupOf(table[hostInit]);
        host.NamingPath = host.Cgroup?.NamingPath ?? "/";

        // --- one jail per other PID namespace, in inode order ---
        int expected = slow.PreviousCount + 1; // the jails are mostly those of the previous sample: no growth
        var representative = new Dictionary<long, int>(expected); // ns → process index
        for (int i = 0; i < table.Count; i++)
        {
            ref var p = ref table[i];
            if (p.PidNs == hostPidNs) continue;
            if (!representative.TryGetValue(p.PidNs, out int current)) representative[p.PidNs] = i;
            else if (p.InnermostPid == 1 && table[current].InnermostPid != 1) representative[p.PidNs] = i;
        }
        var inodes = representative.Keys.ToArray();
        Array.Sort(inodes);
        var nodes = new JailNode[inodes.Length + 1];
        nodes[0] = host;
        var indexByNs = new Dictionary<long, int>(inodes.Length + 1) { [hostPidNs] = 0 };
        for (int k = 0; k < inodes.Length; k++)
        {
            int rep = representative[inodes[k]];
            ref var p = ref table[rep];
            nodes[k + 1] = new JailNode
            {
                Index = k + 1,
                PidNs = inodes[k],
                InitIndex = rep,
                InitPid = p.Pid,
                Dying = p.InnermostPid != 1 || p.IsZombie,
                NetNs = p.NetNs,
                IpcNs = p.IpcNs,
                UtsNs = p.UtsNs,
                Cgroup = table.CgroupOf(p),
            };
            indexByNs[inodes[k]] = k + 1;
        }

        // Each process's own jail; unknown namespaces cannot occur (every namespace seen is a jail).
        for (int i = 0; i < table.Count; i++) table[i].Jail = indexByNs[table[i].PidNs];

        // --- parents: the PID namespace of the nearest ancestor process outside the jail's namespace ---
        for (int j = 1; j < nodes.Length; j++)
        {
            var node = nodes[j];
            int parent = 0;
            int ppid = table[node.InitIndex].PPid;
            for (int steps = 0; steps < 4096 && ppid > 0; steps++)
            {
                if (!table.IndexByPid.TryGetValue(ppid, out int pi)) break;
                if (table[pi].PidNs != node.PidNs)
                {
                    parent = table[pi].Jail;
                    break;
                }
                ppid = table[pi].PPid;
            }
            node.Parent = parent;
        }
        // Guard against a cycle (pid reuse mid-scan): anything that does not reach the host hangs off it.
        for (int j = 1; j < nodes.Length; j++)
        {
            int depth = 0;
            for (int a = nodes[j].Parent; a > 0 && depth <= nodes.Length; a = nodes[a].Parent) depth++;
            if (depth > nodes.Length) nodes[j].Parent = 0;
        }

        // Two passes: nodes are in namespace-inode order, and the kernel reuses freed inode numbers, so a
        // nested namespace can come before its parent; its parent's naming path must be set by then.
        foreach (var node in nodes.AsSpan(1)) node.NamingPath = node.Cgroup?.NamingPath ?? "/";
        foreach (var node in nodes.AsSpan(1))
            node.HasOwnCgroup = node.NamingPath != "/" && node.NamingPath != nodes[node.Parent].NamingPath;
        ComputeOwnership(table, nodes);

        // --- slow facts (hostname, addresses, root, filesystem): carried between full samples ---
        foreach (var node in nodes)
            node.Facts = slow.For(node.PidNs, node.InitPid, node.InitIndex >= 0 ? table[node.InitIndex].StartTicks : 0);
        ReadSlowFacts(nodes, procRoot, namespaces, cancellationToken);
        static string HostnameOf(JailNode n) => n.Facts.Hostname ?? "";
        string hostHostname = HostnameOf(host);
        if (hostHostname.Length == 0) hostHostname = ReadText(Path.Combine(procRoot, "sys", "kernel", "hostname"))?.Trim() ?? Environment.MachineName;

        // --- names ---
        var names = new string[nodes.Length];
        names[0] = JailInfo.HostName;
        var used = new HashSet<string>(nodes.Length, StringComparer.Ordinal) { JailInfo.HostName };
        for (int j = 1; j < nodes.Length; j++)
        {
            var node = nodes[j];
            string name;
            string? mapped = null;
            if (options.Names.Count > 0 && options.Names.TryGetValue("pidns:" + node.PidNs.ToString(CultureInfo.InvariantCulture), out mapped)) name = mapped;
            else if (node.HasOwnCgroup && options.Names.TryGetValue(node.NamingPath, out mapped)) name = mapped;
            else if (node.HasOwnCgroup) name = node.Cgroup!.JailName;
            else if (node.UtsNs != nodes[node.Parent].UtsNs && HostnameOf(node) is { Length: > 0 } hn && hn != hostHostname) name = hn;
            else name = "pidns-" + node.PidNs.ToString(CultureInfo.InvariantCulture);
            if (!used.Add(name))
            {
                name = name + "-" + node.PidNs.ToString(CultureInfo.InvariantCulture);
                used.Add(name);
            }
            names[j] = name;
        }

        // --- the JailInfo list: a jail's previous JailInfo is kept while nothing in it changed (issue 8) ---
        var infos = new JailInfo[nodes.Length];
        for (int j = 0; j < nodes.Length; j++)
        {
            var node = nodes[j];
            DateTimeOffset? start = node.InitIndex >= 0 && btime > 0
                ? bootTime.AddTicks((long)(table[node.InitIndex].StartTicks * (TimeSpan.TicksPerSecond / LinuxScan.TicksPerSecond)))
                : null;
            if (j == 0)
            {
                DateTimeOffset? boot = btime > 0 ? bootTime : null;
                infos[0] = Unchanged(node, boot) is { } host0 && host0.Hostname == hostHostname ? host0
                    : Keep(node, JailInfo.Host(hostHostname) with { StartTime = boot, Parameters = Parameters(node) });
                continue;
            }
            string hostname = HostnameOf(node);
            string? parentName = node.Parent > 0 ? names[node.Parent] : null;
            string path = node.Facts.Root ?? "/";
            hostname = hostname.Length > 0 ? hostname : hostHostname;
            var state = node.Dying ? JailState.Dying : JailState.Active;
            bool vnet = node.NetNs != 0 && node.NetNs != host.NetNs;
            infos[j] = Unchanged(node, start) is { } previous && previous.Name == names[j] && previous.ParentName == parentName && previous.Path == path
                && previous.Hostname == hostname && previous.State == state && previous.Vnet == vnet
                && previous.IPv4Addresses == node.Facts.IPv4 && previous.IPv6Addresses == node.Facts.IPv6
                ? previous
                : Keep(node, new JailInfo
                {
                    Name = names[j],
                    Id = node.PidNs,
                    ParentName = parentName,
                    Path = path,
                    Hostname = hostname,
                    State = state,
                    IPv4Addresses = node.Facts.IPv4,
                    IPv6Addresses = node.Facts.IPv6,
                    Vnet = vnet,
                    StartTime = start,
                    Parameters = Parameters(node),
                });
        }

        return new LinuxScan
        {
            ProcRoot = procRoot,
            Processes = table,
            Nodes = nodes,
            Jails = infos,
            Cgroups = cgroups,
            Namespaces = namespaces,
            Filesystems = filesystems,
            Now = now,
            BootTime = bootTime,
            HostBusyTicks = busy,
            Kept = kept,
        };
    }

    /// <summary>
    /// The JailInfo this jail had in its previous sample, when what its parameters and start time are made
    /// of is unchanged (the pid and PID namespace are its facts' key); the caller compares the rest.
    /// </summary>
    private static JailInfo? Unchanged(JailNode node, DateTimeOffset? start)
    {
        var facts = node.Facts;
        return facts.Info is { } info && info.StartTime == start && facts.InfoCgroup == node.NamingPath
            && facts.InfoNamespaces == (node.NetNs, node.IpcNs, node.UtsNs)
            ? info
            : null;
    }

    /// <summary>Remembers <paramref name="info"/> and what it was made of in the jail's facts, for <see cref="Unchanged"/>.</summary>
    private static JailInfo Keep(JailNode node, JailInfo info)
    {
        node.Facts.Info = info;
        node.Facts.InfoCgroup = node.NamingPath;
        node.Facts.InfoNamespaces = (node.NetNs, node.IpcNs, node.UtsNs);
        return info;
    }

    private static ImmutableDictionary<string, string> Parameters(JailNode node)
    {
        var parameters = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        parameters["pid"] = node.InitPid.ToString(CultureInfo.InvariantCulture);
        parameters["cgroup"] = node.NamingPath;
        parameters["pidns"] = node.PidNs.ToString(CultureInfo.InvariantCulture);
        if (node.NetNs != 0) parameters["netns"] = node.NetNs.ToString(CultureInfo.InvariantCulture);
        if (node.IpcNs != 0) parameters["ipcns"] = node.IpcNs.ToString(CultureInfo.InvariantCulture);
        if (node.UtsNs != 0) parameters["utsns"] = node.UtsNs.ToString(CultureInfo.InvariantCulture);
        return parameters.ToImmutable();
    }

    /// <summary>
    /// Reads the slow facts of every jail whose facts are not carried from an earlier sample: the
    /// hostname (one visit per distinct UTS namespace), the addresses (one read of fib_trie and
    /// if_inet6 per distinct network namespace other than the host's) and the root link.
    /// </summary>
    private static void ReadSlowFacts(JailNode[] nodes, string procRoot, INamespaceReader namespaces, CancellationToken cancellationToken)
    {
        var utsTargets = new List<NamespaceTarget>();
        var utsIndex = new Dictionary<long, int>();
        foreach (var node in nodes)
        {
            if (node.Facts.Read || node.UtsNs == 0 || utsIndex.ContainsKey(node.UtsNs)) continue;
            utsIndex[node.UtsNs] = utsTargets.Count;
            utsTargets.Add(new NamespaceTarget(node.InitPid, node.UtsNs));
        }
        var hostnames = utsTargets.Count > 0 ? namespaces.ReadHostnames(utsTargets, cancellationToken) : [];

        long hostNetNs = nodes[0].NetNs;
        var addresses = new Dictionary<long, (ImmutableArray<string> V4, ImmutableArray<string> V6)>();
        foreach (var node in nodes)
        {
            var facts = node.Facts;
            if (facts.Read) continue;
            facts.Hostname = node.UtsNs != 0 && utsIndex.TryGetValue(node.UtsNs, out int u) ? hostnames[u] : null;
            if (node.Index > 0)
            {
                facts.Root = ReadRoot(procRoot, node.InitPid);
                if (node.NetNs != 0 && node.NetNs != hostNetNs)
                {
                    if (!addresses.TryGetValue(node.NetNs, out var addr))
                    {
                        string dir = $"{procRoot}/{node.InitPid}/net/";
                        var v4 = ReadText(dir + "fib_trie") is { } fib ? NetParsers.ParseFibTrieLocal(fib) : [];
                        var v6 = ReadText(dir + "if_inet6") is { } inet6 ? NetParsers.ParseIfInet6(inet6) : [];
                        addresses[node.NetNs] = addr = ([.. v4], [.. v6]);
                    }
                    facts.IPv4 = addr.V4;
                    facts.IPv6 = addr.V6;
                }
            }
            facts.Read = true;
            facts.AdoptUnchanged();
        }
    }

    /// <summary>
    /// A jail owns its cgroup in a hierarchy when that cgroup is not the root and every process found
    /// in it or below belongs to the jail or its descendants; only then are the cgroup's own counters
    /// (cpu, io) the jail's.
    /// </summary>
    private static void ComputeOwnership(ProcessTable table, JailNode[] nodes)
    {
        // hierarchy → container path → the jails whose init is in that cgroup (mostly one: a list only for more)
        var claims = new Dictionary<string, Dictionary<string, (int First, List<int>? More)>>(StringComparer.Ordinal);
        for (int j = 1; j < nodes.Length; j++)
        {
            if (nodes[j].Cgroup is not { } cg) continue;
            foreach (var h in OwnedHierarchyKeys)
            {
                if (cg.ContainerPathIn(h) is not { } path || path == "/") continue;
                if (!claims.TryGetValue(h, out var byPath)) claims[h] = byPath = new(nodes.Length, StringComparer.Ordinal);
                ref var claim = ref CollectionsMarshal.GetValueRefOrAddDefault(byPath, path, out bool exists);
                if (!exists) claim = (j, null);
                else (claim.More ??= [claim.First]).Add(j);
                nodes[j].SetOwns(h, true);
            }
        }
        if (claims.Count == 0) return;

        // The jails present in each distinct cgroup membership: mostly one, so the first is kept apart
        // and a list made only for a second (no list per cgroup per sample).
        var firstJailIn = new int[table.Cgroups.Count];
        Array.Fill(firstJailIn, -1);
        var moreJailsIn = new List<int>?[table.Cgroups.Count];
        for (int i = 0; i < table.Count; i++)
        {
            ref var p = ref table[i];
            if (p.Cgroup < 0) continue;
            ref int first = ref firstJailIn[p.Cgroup];
            if (first < 0) first = p.Jail;
            else if (first != p.Jail)
            {
                var more = moreJailsIn[p.Cgroup] ??= [first];
                if (!more.Contains(p.Jail)) more.Add(p.Jail);
            }
        }
        Span<int> first1 = stackalloc int[1], one = stackalloc int[1];
        for (int c = 0; c < table.Cgroups.Count; c++)
        {
            if (firstJailIn[c] < 0) continue;
            first1[0] = firstJailIn[c];
            ReadOnlySpan<int> present = moreJailsIn[c] is { } others ? CollectionsMarshal.AsSpan(others) : first1;
            foreach (var (h, byPath) in claims)
            {
                if (table.Cgroups[c].PathIn(h) is not { } path) continue;
                var lookup = byPath.GetAlternateLookup<ReadOnlySpan<char>>();
                for (ReadOnlySpan<char> prefix = path; prefix.Length > 1; prefix = Parent(prefix))
                {
                    if (!lookup.TryGetValue(prefix, out var claim)) continue;
                    one[0] = claim.First;
                    ReadOnlySpan<int> claimants = claim.More is { } more ? CollectionsMarshal.AsSpan(more) : one;
                    foreach (int owner in claimants)
                        foreach (int jail in present)
                            if (!IsSelfOrDescendant(nodes, jail, owner)) nodes[owner].SetOwns(h, false);
                }
            }
        }
    }

    private static ReadOnlySpan<char> Parent(ReadOnlySpan<char> path)
    {
        int slash = path.LastIndexOf('/');
        return slash <= 0 ? "/" : path[..slash];
    }

    private static bool IsSelfOrDescendant(JailNode[] nodes, int jail, int ancestor)
    {
        for (int j = jail; j >= 0; j = nodes[j].Parent)
            if (j == ancestor) return true;
        return false;
    }

    private static long ReadNs(string procRoot, string pid, string kind)
    {
        Span<byte> buffer = stackalloc byte[64];
        int n = NativeFs.ReadLink(Encoding.UTF8.GetBytes($"{procRoot}/{pid}/ns/{kind}\0"), buffer);
        return n > 0 ? NativeFs.ParseNamespaceInode(buffer[..n]) : 0;
    }

    private static string? ReadRoot(string procRoot, int pid)
    {
        Span<byte> buffer = stackalloc byte[4096];
        int n = NativeFs.ReadLink(Encoding.UTF8.GetBytes($"{procRoot}/{pid}/root\0"), buffer);
        return n > 0 ? Encoding.UTF8.GetString(buffer[..n]) : null;
    }

    private static string? ReadText(string path)
    {
        try
        {
            return NativeFs.ReadAllTextOrNull(path);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
