using System.Buffers.Text;
using System.IO.Enumeration;
using System.Text;
using JailMetrics.Linux.Native;

namespace JailMetrics.Linux.Scanning;

/// <summary>
/// The single pass over /proc a sample makes. For every /proc/[0-9]* it reads stat, status, the pid
/// and ipc namespace links, the cgroup file and the fd count, with stack buffers and span parsing (no
/// per-process strings but the cgroup file, which is interned). A process that vanishes while it is
/// read (any of stat, status, ns/pid unreadable) is skipped.
/// </summary>
/// <remarks>
/// Fewer reads per process (issue 8: at 1000 jails the file operations are the sample's floor):
/// <list type="bullet">
/// <item>A process's own PID namespace never changes (setns(2) and unshare(2) with CLONE_NEWPID
/// change only its children's, pid_namespaces(7)), so ns/pid is read once per process, identified by
/// pid and start time, and taken from the previous scan after that.</item>
/// <item>The net and uts links are read only for the processes that can represent a jail (see
/// JailDiscovery): the first process met in a PID namespace (pids are read in ascending order) and
/// every namespace init (innermost pid 1). No other process's net or uts namespace is used.
/// The ipc link is read for every process: the IPC collector counts every IPC namespace a jail's
/// processes use.</item>
/// <item>stat and status are kept open between scans and re-read with one pread each
/// (<see cref="KeptFiles"/>): an fd of /proc/PID/* is tied to that process, so a kept fd that
/// fails means the process is gone, and a later process with the same pid is opened afresh.
/// status is needed for two things stat lacks: VmSwap and NSpid (the innermost pid).</item>
/// <item>status only when it can matter: NSpid never changes for a process (its PID namespace does
/// not), so it is read once per process; VmSwap is 0 for every process when the host has no swap
/// (SwapTotal 0 in {ProcRoot}/meminfo, read through a kept fd once per scan; after swapoff(2)
/// no page stays swapped out). So when SwapTotal is 0 status is read only on a process's first
/// sight (and not kept open), memoryuse comes from stat's rss (the same get_mm_rss() pages VmRSS
/// shows, fs/proc/array.c and task_mmu.c) and swapuse is 0. Without a meminfo (a fixture tree) or
/// with swap, status is read every scan as before.</item>
/// <item>The cgroup file and the ipc, net and uts links can change for a live process (a write to
/// cgroup.procs, setns(2), unshare(2)) but rarely: they are read for a process the scanner has not
/// seen and on full scans (every slow interval, see LinuxJailSource), and carried between them; a
/// process moved to another cgroup or namespace shows there within one slow interval.</item>
/// </list>
/// </remarks>
internal sealed class ProcScanner : IDisposable
{
    private const int ENOENT = 2;
    private const int ESRCH = 3;
    private const int EMFILE = 24;
    private const ulong ProcSuperMagic = 0x9fa0;
    private static readonly ulong PageSize = (ulong)Environment.SystemPageSize;

    private readonly string _procRoot;
    private readonly byte[] _procPrefix; // "{ProcRoot}/"
    private readonly bool _fdSizeIsCount;
    private readonly KeptFiles _kept;
    // What is kept of each process from one scan to the next, by pid; Known.StartTicks identifies it.
    private readonly Dictionary<int, Known> _known = [];
    // Parsed cgroup file contents, kept while some process has them: not parsed again each scan (issue 8).
    private readonly Dictionary<string, CgroupMembership> _memberships = new(StringComparer.Ordinal);
    // Scratch of one scan, kept for the next (see Scan).
    private ProcessRecord[] _records = [];
    private readonly List<int> _pids = new(512);
    private readonly Dictionary<string, int> _cgroupIndex = new(StringComparer.Ordinal);
    private readonly HashSet<long> _namespacesMet = [];
    private readonly Dictionary<int, int> _indexByPid = [];
    private long _scans;
    // False when the host has no swap (meminfo SwapTotal 0): status is then read only for NSpid.
    private bool _swapMayBeUsed = true;

    /// <summary>A process as the previous scans knew it: facts that do not change quickly, and its kept stat and status fds.</summary>
    private sealed class Known
    {
        public ulong StartTicks;
        public long PidNs;
        /// <summary>0 until the scan reads them (representatives only).</summary>
        public long NetNs, UtsNs;
        public long IpcNs;
        /// <summary>The content of /proc/PID/cgroup, null until read.</summary>
        public string? Cgroup;
        /// <summary>True once two reads of /proc/PID/cgroup agreed (see ReadProcess).</summary>
        public bool CgroupSettled;
        /// <summary>The innermost pid (last NSpid value) once status was read; 0 before.</summary>
        public int InnermostPid;
        public int StatFd = -1, StatusFd = -1;
        public long LastSeen;

        /// <summary>Forgets the facts (a different process now has the pid, as fixture trees show it); the fds stay.</summary>
        public void Reset(ulong startTicks)
        {
            StartTicks = startTicks;
            PidNs = NetNs = UtsNs = IpcNs = 0;
            InnermostPid = 0;
            Cgroup = null;
            CgroupSettled = false;
        }
    }

    public ProcScanner(string procRoot, KeptFiles kept)
    {
        _kept = kept;
        _procRoot = procRoot.TrimEnd('/');
        if (_procRoot.Length == 0) _procRoot = "/";
        _procPrefix = Encoding.UTF8.GetBytes(_procRoot == "/" ? "/" : _procRoot + "/");
        // Since Linux 6.2, stat() of /proc/PID/fd reports the number of open fds as its size: one
        // syscall instead of a directory listing. Fixture trees (not procfs) are listed.
        _fdSizeIsCount = NativeFs.StatFs(_procRoot, out var fs) == 0 && fs.Type == ProcSuperMagic
            && Environment.OSVersion.Version >= new Version(6, 2);
    }

    public string ProcRoot => _procRoot;

    /// <summary>
    /// One pass over /proc. A <paramref name="full"/> scan reads again what is otherwise kept per
    /// process (cgroup file, ipc/net/uts links); a scan that is not full takes them from the process's
    /// previous scan (see the class remarks).
    /// </summary>
    public ProcessTable Scan(CancellationToken cancellationToken, bool full = true)
    {
        _scans++;
        _swapMayBeUsed = SwapMayBeUsed();
        var pids = ListPids();
        // The table's storage is reused from scan to scan (issue 8: the records alone are a large-object-heap
        // array at 1000 jails): a table is valid until the next Scan, which a sample never outlives.
        if (_records.Length < pids.Count) _records = new ProcessRecord[Math.Max(pids.Count, _records.Length * 2)];
        var records = _records;
        var cgroups = new List<CgroupMembership>(); // the table's own: small, and a scan's CgroupOf indexes it
        var cgroupIndex = _cgroupIndex;
        cgroupIndex.Clear();
        var lookup = cgroupIndex.GetAlternateLookup<ReadOnlySpan<char>>();
        var indexByPid = _indexByPid;
        indexByPid.Clear();
        var namespacesMet = _namespacesMet;
        namespacesMet.Clear();
        int count = 0;

        Span<byte> path = stackalloc byte[_procPrefix.Length + 64];
        Span<byte> buffer = stackalloc byte[8192];
        Span<char> chars = stackalloc char[8192];
        foreach (int pid in pids)
        {
            if ((count & 255) == 0) cancellationToken.ThrowIfCancellationRequested();
            ref var r = ref records[count];
            r = default;
            r.Pid = pid;
            if (!ReadProcess(ref r, full, path, buffer, chars, cgroups, lookup, namespacesMet)) continue;
            indexByPid[pid] = count;
            count++;
        }
        ForgetUnseen();
        return new ProcessTable(records, count, cgroups, indexByPid);
    }

    /// <summary>Closes the handles of every process this scan did not see (it is gone).</summary>
    private void ForgetUnseen()
    {
        // Dictionary allows Remove while it is enumerated (since .NET Core 3.0): no list of the gone ones.
        foreach (var (pid, known) in _known)
        {
            if (known.LastSeen == _scans) continue;
            Close(known);
            _known.Remove(pid);
        }
        foreach (var (content, membership) in _memberships)
            if (membership.LastScan != _scans) _memberships.Remove(content);
    }

    /// <summary>Closes every kept fd.</summary>
    public void Dispose()
    {
        foreach (var known in _known.Values) Close(known);
        _known.Clear();
    }

    private void Close(Known known)
    {
        _kept.Close(known.StatFd);
        _kept.Close(known.StatusFd);
        known.StatFd = known.StatusFd = -1;
    }

    /// <summary>
    /// False only when {ProcRoot}/meminfo says SwapTotal is 0; true with swap, and when meminfo is
    /// missing or unreadable (nothing known: read VmSwap).
    /// </summary>
    private bool SwapMayBeUsed()
    {
        string? meminfo;
        try
        {
            meminfo = _kept.ReadText(_procRoot, "meminfo");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return true;
        }
        return meminfo is null || ParseSwapTotalKb(meminfo) != 0;
    }

    /// <summary>The SwapTotal of a meminfo text in kB; -1 when it has no SwapTotal line.</summary>
    internal static long ParseSwapTotalKb(ReadOnlySpan<char> meminfo)
    {
        foreach (var line in meminfo.EnumerateLines())
        {
            if (!line.StartsWith("SwapTotal:", StringComparison.Ordinal)) continue;
            var value = line["SwapTotal:".Length..].Trim();
            int sp = value.IndexOf(' ');
            return long.TryParse(sp < 0 ? value : value[..sp], System.Globalization.NumberStyles.None,
                System.Globalization.CultureInfo.InvariantCulture, out long kb) ? kb : -1;
        }
        return -1;
    }

    private List<int> ListPids()
    {
        var enumerable = new FileSystemEnumerable<int>(_procRoot,
            static (ref FileSystemEntry e) => int.Parse(e.FileName),
            new EnumerationOptions { IgnoreInaccessible = true, RecurseSubdirectories = false, AttributesToSkip = 0 })
        {
            ShouldIncludePredicate = static (ref FileSystemEntry e) => IsPid(e.FileName),
        };
        var list = _pids;
        list.Clear();
        foreach (int pid in enumerable) list.Add(pid);
        list.Sort();
        return list;
    }

    private static bool IsPid(ReadOnlySpan<char> name)
    {
        if (name.IsEmpty || name.Length > 10) return false;
        foreach (char c in name)
            if (c < '0' || c > '9') return false;
        return true;
    }

    /// <summary>
    /// Reads /proc/PID/{name} through the kept fd in <paramref name="fd"/>, opening (and keeping) it
    /// when there is none and there is room, else with open/read/close. A kept fd whose read fails
    /// or returns nothing belongs to a process that is gone: it is closed and -ESRCH returned.
    /// </summary>
    private int ReadKept(ref int fd, PathBuilder path, Span<byte> buffer)
    {
        if (fd >= 0)
        {
            int kept = KeptFiles.ReadAt0(fd, buffer);
            if (kept > 0) return kept;
            _kept.Close(fd);
            fd = -1;
            return kept == -34 ? NativeFs.ReadFile(path.Terminated(), buffer) : -ESRCH;
        }
        int opened = _kept.TryOpen(path.Terminated());
        if (opened == -EMFILE) return NativeFs.ReadFile(path.Terminated(), buffer);
        if (opened < 0) return opened;
        int n = KeptFiles.ReadAt0(opened, buffer);
        if (n > 0)
        {
            fd = opened;
            return n;
        }
        _kept.Close(opened);
        return n == -34 ? NativeFs.ReadFile(path.Terminated(), buffer) : n;
    }

    private bool ReadProcess(ref ProcessRecord r, bool full, Span<byte> pathBuffer, Span<byte> buffer, Span<char> chars,
        List<CgroupMembership> cgroups, Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> lookup, HashSet<long> namespacesMet)
    {
        var path = new PathBuilder(pathBuffer, _procPrefix);
        path.Append(r.Pid);
        path.Append("/"u8);
        int dir = path.Length;

        if (!_known.TryGetValue(r.Pid, out var known))
        {
            known = new Known();
            _known[r.Pid] = known;
        }
        known.LastSeen = _scans;

        path.Append("stat"u8);
        int n = ReadKept(ref known.StatFd, path, buffer);
        if (n <= 0 && known.StartTicks != 0)
        {
            // The process the kept fd was tied to is gone; the pid may already be another's.
            Close(known);
            known.Reset(0);
            n = ReadKept(ref known.StatFd, path, buffer);
        }
        if (n <= 0 || !ParseStat(buffer[..n], ref r)) return false;
        if (known.StartTicks != r.StartTicks) known.Reset(r.StartTicks);

        if (_swapMayBeUsed || known.InnermostPid == 0)
        {
            path.Truncate(dir);
            path.Append("status"u8);
            if (_swapMayBeUsed) n = ReadKept(ref known.StatusFd, path, buffer);
            else
            {
                // Read once for NSpid: not worth an fd kept for the process's lifetime.
                _kept.Close(known.StatusFd);
                known.StatusFd = -1;
                n = NativeFs.ReadFile(path.Terminated(), buffer);
            }
            if (n < 0) return false;
            ParseStatus(buffer[..n], ref r);
            known.InnermostPid = r.InnermostPid;
        }
        else r.InnermostPid = known.InnermostPid;
        if (!_swapMayBeUsed) r.SwapBytes = 0;

        // A process's own PID namespace never changes: read once per process.
        if (known.PidNs == 0)
        {
            path.Truncate(dir);
            path.Append("ns/pid"u8);
            known.PidNs = ReadNamespace(path.Terminated(), buffer);
            if (known.PidNs <= 0)
            {
                known.PidNs = 0;
                return false;
            }
        }
        r.PidNs = known.PidNs;

        // net, uts, ipc and the cgroup can change (setns(2), unshare(2), a write to cgroup.procs), but
        // rarely: read on full scans and for a process not known yet, so a change shows within the slow interval.
        if (namespacesMet.Add(r.PidNs) || r.InnermostPid == 1)
        {
            if (full || known.NetNs == 0 || known.UtsNs == 0)
            {
                path.Truncate(dir);
                path.Append("ns/net"u8);
                known.NetNs = ReadNamespace(path.Terminated(), buffer);
                path.Truncate(dir);
                path.Append("ns/uts"u8);
                known.UtsNs = ReadNamespace(path.Terminated(), buffer);
            }
            r.NetNs = known.NetNs;
            r.UtsNs = known.UtsNs;
        }
        if (full || known.IpcNs == 0)
        {
            path.Truncate(dir);
            path.Append("ns/ipc"u8);
            known.IpcNs = ReadNamespace(path.Terminated(), buffer);
        }
        r.IpcNs = known.IpcNs;

        // A runtime may move a new container's first process into its cgroup just after creating its
        // namespaces (runc writes cgroup.procs after the clone): the cgroup is carried only once two
        // reads agree, so a scan that lands in that window is not carried for a whole slow interval.
        if (full || known.Cgroup is null || !known.CgroupSettled)
        {
            path.Truncate(dir);
            path.Append("cgroup"u8);
            n = NativeFs.ReadFile(path.Terminated(), buffer);
            r.Cgroup = n >= 0 ? Intern(buffer[..n], chars, cgroups, lookup) : -1;
            string? content = r.Cgroup >= 0 ? cgroups[r.Cgroup].Content : null;
            known.CgroupSettled = content is not null && content == known.Cgroup;
            known.Cgroup = content;
        }
        else r.Cgroup = Intern(known.Cgroup, cgroups, lookup.Dictionary);

        path.Truncate(dir);
        path.Append("fd"u8);
        if (_fdSizeIsCount)
        {
            long size = NativeFs.StatSize(path.Terminated());
            r.OpenFiles = size >= 0 ? (int)size : (size == -ENOENT || size == -ESRCH) ? 0 : -1;
        }
        else
        {
            int entries = NativeFs.CountDirectoryEntries(path.Terminated());
            r.OpenFiles = entries >= 0 ? entries : entries == -ENOENT ? 0 : -1;
        }
        return true;
    }

    private static long ReadNamespace(ReadOnlySpan<byte> pathZ, Span<byte> buffer)
    {
        int n = NativeFs.ReadLink(pathZ, buffer);
        return n > 0 ? NativeFs.ParseNamespaceInode(buffer[..n]) : 0;
    }

    private int Intern(ReadOnlySpan<byte> content, Span<char> chars,
        List<CgroupMembership> cgroups, Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> lookup)
    {
        ReadOnlySpan<char> text;
        string? owned = null;
        if (content.Length <= chars.Length)
        {
            int c = Encoding.UTF8.GetChars(content, chars);
            text = chars[..c];
        }
        else
        {
            owned = Encoding.UTF8.GetString(content);
            text = owned;
        }
        if (lookup.TryGetValue(text, out int index)) return index;
        if (owned is null && _memberships.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(text, out var kept)) owned = kept.Content;
        return Intern(owned ?? text.ToString(), cgroups, lookup.Dictionary);
    }

    private int Intern(string content, List<CgroupMembership> cgroups, Dictionary<string, int> index)
    {
        if (index.TryGetValue(content, out int i)) return i;
        i = cgroups.Count;
        if (!_memberships.TryGetValue(content, out var membership)) _memberships[content] = membership = new CgroupMembership(content);
        membership.LastScan = _scans;
        cgroups.Add(membership);
        index[content] = i;
        return i;
    }

    /// <summary>Parses /proc/PID/stat: the fields after the command (which may hold spaces and parentheses).</summary>
    internal static bool ParseStat(ReadOnlySpan<byte> stat, ref ProcessRecord r)
    {
        int close = stat.LastIndexOf((byte)')');
        if (close < 0 || close + 2 >= stat.Length) return false;
        var rest = stat[(close + 2)..];
        // Field 3 is the state; numbering follows proc(5).
        int field = 3;
        while (!rest.IsEmpty)
        {
            int sp = rest.IndexOf((byte)' ');
            var token = sp < 0 ? rest : rest[..sp];
            switch (field)
            {
                case 3: r.State = token.IsEmpty ? (byte)'?' : token[0]; break;
                case 4: r.PPid = (int)ParseLong(token); break;
                case 7: r.TtyNr = (int)ParseLong(token); break;
                case 14: r.CpuTicks = (ulong)ParseLong(token); break;
                case 15: r.CpuTicks += (ulong)ParseLong(token); break;
                case 20: r.Threads = (int)ParseLong(token); break;
                case 22: r.StartTicks = (ulong)ParseLong(token); break;
                case 23: r.VSizeBytes = (ulong)ParseLong(token); break;
                // rss in pages: get_mm_rss(), the pages VmRSS of status shows (which overrides it when status is read).
                case 24: r.RssBytes = (ulong)ParseLong(token) * PageSize; return true;
            }
            if (sp < 0) break;
            rest = rest[(sp + 1)..];
            field++;
        }
        return field >= 22;
    }

    /// <summary>Parses the VmRSS, VmSwap and NSpid lines of /proc/PID/status.</summary>
    internal static void ParseStatus(ReadOnlySpan<byte> status, ref ProcessRecord r)
    {
        int found = 0;
        while (!status.IsEmpty && found < 3)
        {
            int nl = status.IndexOf((byte)'\n');
            var line = nl < 0 ? status : status[..nl];
            if (line.StartsWith("VmRSS:"u8)) { r.RssBytes = ParseKb(line[6..]); found++; }
            else if (line.StartsWith("VmSwap:"u8)) { r.SwapBytes = ParseKb(line[7..]); found++; }
            else if (line.StartsWith("NSpid:"u8))
            {
                var values = line[6..].TrimEnd((byte)' ');
                int last = values.LastIndexOfAny((byte)'\t', (byte)' ');
                r.InnermostPid = (int)ParseLong(last < 0 ? values : values[(last + 1)..]);
                found++;
            }
            if (nl < 0) break;
            status = status[(nl + 1)..];
        }
    }

    private static ulong ParseKb(ReadOnlySpan<byte> value)
    {
        value = value.Trim(" \t"u8);
        int sp = value.IndexOf((byte)' ');
        if (sp >= 0) value = value[..sp];
        return (ulong)ParseLong(value) * 1024;
    }

    internal static long ParseLong(ReadOnlySpan<byte> token)
    {
        token = token.Trim(" \t\n"u8);
        return Utf8Parser.TryParse(token, out long v, out _) ? v : 0;
    }
}
