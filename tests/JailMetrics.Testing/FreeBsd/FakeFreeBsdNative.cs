using System.Buffers.Binary;
using System.Text;
using JailMetrics.FreeBsd.Native;

namespace JailMetrics.Testing.FreeBsd;

/// <summary>
/// A programmable FreeBSD kernel behind <see cref="IFreeBsdNative"/>. It enforces the rules the real
/// system calls enforce, so code that passes against it is right by construction rather than by
/// luck (see ../shared/reference/freebsd.md):
/// <list type="bullet">
/// <item>jail_get(2): flags other than JAIL_DYING are EINVAL; the key is <c>lastjid</c>, then a
/// non-zero <c>jid</c>, then a non-empty <c>name</c>; <c>lastjid</c> returns the smallest JID above it
/// (dying jails only with JAIL_DYING) and ENOENT "no jail after N" at the end; int values need a
/// buffer of exactly 4 bytes, strings one at least as large as the value plus its NUL, arrays one at
/// least as large as the data (their length is written back); an empty buffer is a size probe;
/// unknown parameters are ENOENT "unknown parameter: X"; <c>errmsg</c> receives the message.</item>
/// <item>rctl(2): ENOSYS when RACCT is off; E2BIG past 4096 input bytes; ERANGE when the answer and
/// its NUL do not fit; rules keyed by subject:id:resource:action(/per), replaced on re-add; remove
/// by filter with ESRCH when nothing matched; EINVAL on malformed rules or filters.</item>
/// <item>sysctl(3): ENOENT for unknown names; ENOMEM with a partial copy on a short buffer; a size
/// probe (null buffer) may over-estimate, as kern.proc does.</item>
/// </list>
/// Every call is recorded in <see cref="Calls"/>.
/// </summary>
public sealed class FakeFreeBsdNative : IFreeBsdNative
{
    /// <summary>sys/sys/jail.h: the only flag jail_get accepts (JAIL_GET_MASK).</summary>
    public const int JailDying = 0x08;

    /// <summary>sys/kern/kern_rctl.c RCTL_MAX_INBUFSIZE.</summary>
    private const int RctlMaxInput = 4096;

    private readonly SortedDictionary<int, FakeJail> _jails = [];
    private readonly Dictionary<string, string> _racct = new(StringComparer.Ordinal);
    private readonly List<FakeRctlRule> _rules = [];
    private readonly Dictionary<string, SysctlEntry> _sysctls = new(StringComparer.Ordinal);
    private readonly Dictionary<string, byte[]> _statfs = new(StringComparer.Ordinal);
    private readonly List<NativeCall> _calls = [];
    private readonly object _gate = new();

    /// <summary>Every call so far, in order.</summary>
    public IReadOnlyList<NativeCall> Calls
    {
        get { lock (_gate) { return [.. _calls]; } }
    }

    /// <summary>False makes every rctl call fail with ENOSYS (kernel without RACCT, or kern.racct.enable=0).</summary>
    public bool RacctEnabled { get; set; } = true;

    /// <summary>When set, every rctl call fails with this errno (EPERM: an unprivileged or jailed caller).</summary>
    public int? RctlErrno { get; set; }

    /// <summary>Jail parameters this kernel does not know (e.g. "vnet" without options VIMAGE): jail_get gives ENOENT.</summary>
    public ISet<string> UnknownJailParameters { get; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Runs before jail_get answers, with its parameters: lets a test change a jail between two calls.</summary>
    public Action<IReadOnlyList<JailParameter>>? BeforeJailGet { get; set; }

    /// <summary>
    /// Runs before rctl_get_racct answers, with its filter: lets a test change the kernel between two
    /// calls (a jail removed after jail_get listed it).
    /// </summary>
    public Action<string>? BeforeRctlGetRacct { get; set; }

    /// <summary>The AF_LINK interfaces getifaddrs(3) reports.</summary>
    public List<LinkInterfaceData> LinkInterfaces { get; } = [];

    /// <summary>When set, getifaddrs fails with this errno.</summary>
    public int? GetIfAddrsErrno { get; set; }

    /// <summary>The rules installed, as rctl_get_rules("::") would print them.</summary>
    public IReadOnlyList<string> Rules
    {
        get { lock (_gate) { return [.. _rules.Select(r => r.ToString())]; } }
    }

    public void ClearCalls()
    {
        lock (_gate) { _calls.Clear(); }
    }

    // ----- programming the kernel -----

    public FakeJail AddJail(int jid, string name, int parent = 0, bool dying = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(jid, 1);
        var jail = new FakeJail(jid, name, parent, dying);
        lock (_gate) { _jails.Add(jid, jail); }
        return jail;
    }

    public void RemoveJail(int jid)
    {
        lock (_gate) { _jails.Remove(jid); }
    }

    /// <summary>What rctl_get_racct("jail:NAME") answers. Names with no entry answer all zeros, as the kernel does for unknown names.</summary>
    public void SetRacct(string jailName, string usage)
    {
        lock (_gate) { _racct[jailName] = usage; }
    }

    public void SetSysctl(string name, byte[] value, int probeSlack = 0) => SetSysctl(name, () => value, probeSlack);

    /// <summary>A sysctl whose value is computed on every read (e.g. a table that grows between the size probe and the read).</summary>
    public void SetSysctl(string name, Func<byte[]> value, int probeSlack = 0)
    {
        lock (_gate) { _sysctls[name] = new SysctlEntry(value, probeSlack); }
    }

    /// <summary>A sysctl reached by MIB, e.g. kern.proc.proc = {1, 14, 8}.</summary>
    public void SetSysctl(int[] mib, Func<byte[]> value, int probeSlack = 0) => SetSysctl(MibKey(mib), value, probeSlack);

    public void SetSysctl(int[] mib, byte[] value, int probeSlack = 0) => SetSysctl(MibKey(mib), () => value, probeSlack);

    /// <summary>A C int (4 bytes).</summary>
    public void SetSysctlInt(string name, int value) => SetSysctl(name, LittleEndian(value));

    /// <summary>A C u_long / size_t (8 bytes on LP64).</summary>
    public void SetSysctlULong(string name, ulong value) => SetSysctl(name, LittleEndian(value));

    /// <summary>A SYSCTL_BOOL (1 byte), as kern.racct.enable is on newer kernels.</summary>
    public void SetSysctlBool(string name, bool value) => SetSysctl(name, [value ? (byte)1 : (byte)0]);

    public void RemoveSysctl(string name)
    {
        lock (_gate) { _sysctls.Remove(name); }
    }

    public void SetStatfs(string path, byte[] statfs)
    {
        lock (_gate) { _statfs[path] = statfs; }
    }

    // ----- IFreeBsdNative -----

    public int JailGet(IReadOnlyList<JailParameter> parameters, int flags, out int errno)
    {
        lock (_gate)
        {
            BeforeJailGet?.Invoke(parameters);
            var result = JailGetLocked(parameters, flags, out errno);
            Log("jail_get", string.Join(",", parameters.Select(p => p.Name)) + $" flags={flags}", -1, errno);
            return result;
        }
    }

    public int SysctlByName(string name, byte[]? buffer, out nuint length, out int errno)
    {
        lock (_gate)
        {
            var result = ReadSysctl(name, buffer, out length, out errno);
            Log("sysctlbyname", name, buffer?.Length ?? -1, errno);
            return result;
        }
    }

    public int Sysctl(ReadOnlySpan<int> mib, byte[]? buffer, out nuint length, out int errno)
    {
        var key = MibKey(mib);
        lock (_gate)
        {
            var result = ReadSysctl(key, buffer, out length, out errno);
            Log("sysctl", key, buffer?.Length ?? -1, errno);
            return result;
        }
    }

    public int RctlGetRacct(string filter, byte[] output, out int errno)
    {
        lock (_gate)
        {
            BeforeRctlGetRacct?.Invoke(filter);
            var result = RctlCall(filter, output, out errno, GetRacctLocked);
            Log("rctl_get_racct", filter, output.Length, errno);
            return result;
        }
    }

    public int RctlGetRules(string filter, byte[] output, out int errno)
    {
        lock (_gate)
        {
            var result = RctlCall(filter, output, out errno, GetRulesLocked);
            Log("rctl_get_rules", filter, output.Length, errno);
            return result;
        }
    }

    public int RctlAddRule(string rule, out int errno)
    {
        lock (_gate)
        {
            var result = RctlCall(rule, null, out errno, (text, _) => AddRuleLocked(text));
            Log("rctl_add_rule", rule, -1, errno);
            return result;
        }
    }

    public int RctlRemoveRule(string filter, out int errno)
    {
        lock (_gate)
        {
            var result = RctlCall(filter, null, out errno, (text, _) => RemoveRulesLocked(text));
            Log("rctl_remove_rule", filter, -1, errno);
            return result;
        }
    }

    public int GetLinkInterfaces(out IReadOnlyList<LinkInterfaceData> interfaces, out int errno)
    {
        lock (_gate)
        {
            errno = GetIfAddrsErrno ?? 0;
            interfaces = errno == 0 ? [.. LinkInterfaces.Select(i => i with { IfData = [.. i.IfData] })] : [];
            Log("getifaddrs", "", -1, errno);
            return errno == 0 ? 0 : -1;
        }
    }

    public int Statfs(string path, out byte[] statfs, out int errno)
    {
        lock (_gate)
        {
            if (_statfs.TryGetValue(path, out var bytes))
            {
                statfs = [.. bytes];
                errno = 0;
            }
            else
            {
                statfs = [];
                errno = Errno.ENOENT;
            }

            Log("statfs", path, -1, errno);
            return errno == 0 ? 0 : -1;
        }
    }

    // ----- jail_get -----

    private int JailGetLocked(IReadOnlyList<JailParameter> parameters, int flags, out int errno)
    {
        var errmsg = parameters.FirstOrDefault(p => p.Name == "errmsg");
        if ((flags & ~JailDying) != 0)
        {
            errno = Errno.EINVAL;
            return -1;
        }

        var includeDying = (flags & JailDying) != 0;
        var jail = FindKeyJail(parameters, includeDying, out errno, out var message);
        if (jail is null)
        {
            WriteErrmsg(errmsg, message);
            return -1;
        }

        foreach (var parameter in parameters)
        {
            if (parameter.Name is "lastjid" or "errmsg")
            {
                continue;
            }

            if (!FakeJailParameterTypes.TryGet(parameter.Name, out var type) || UnknownJailParameters.Contains(parameter.Name))
            {
                errno = Errno.ENOENT;
                WriteErrmsg(errmsg, $"unknown parameter: {parameter.Name}");
                return -1;
            }

            errno = WriteValue(parameter, type, ValueOf(jail, parameter.Name, type));
            if (errno != 0)
            {
                return -1;
            }
        }

        errno = 0;
        return jail.Jid;
    }

    private FakeJail? FindKeyJail(IReadOnlyList<JailParameter> parameters, bool includeDying, out int errno, out string message)
    {
        errno = Errno.ENOENT;
        message = "";
        if (parameters.FirstOrDefault(p => p.Name == "lastjid") is { } lastjidParameter)
        {
            if (!TryReadInt(lastjidParameter, out var lastjid))
            {
                errno = Errno.EINVAL;
                return null;
            }

            var next = _jails.Values.FirstOrDefault(j => j.Jid > lastjid && (includeDying || !j.Dying));
            message = $"no jail after {lastjid}";
            return next;
        }

        if (parameters.FirstOrDefault(p => p.Name == "jid") is { } jidParameter)
        {
            if (!TryReadInt(jidParameter, out var jid))
            {
                errno = Errno.EINVAL;
                return null;
            }

            if (jid != 0)
            {
                return Visible(_jails.GetValueOrDefault(jid), includeDying, $"jail {jid}", out message);
            }
        }

        if (parameters.FirstOrDefault(p => p.Name == "name") is { } nameParameter && ReadCString(nameParameter.Buffer) is { Length: > 0 } name)
        {
            return Visible(_jails.Values.FirstOrDefault(j => j.Name == name), includeDying, $"jail \"{name}\"", out message);
        }

        message = "no jail specified";
        return null;
    }

    private static FakeJail? Visible(FakeJail? jail, bool includeDying, string what, out string message)
    {
        message = jail is null ? $"{what} not found" : $"{what} is dying";
        return jail is not null && (includeDying || !jail.Dying) ? jail : null;
    }

    private object ValueOf(FakeJail jail, string name, FakeJailParameterType type) => name switch
    {
        "jid" => jail.Jid,
        "name" => jail.Name,
        "parent" => jail.Parent,
        "dying" => jail.Dying ? 1 : 0,
        "children.cur" => _jails.Values.Count(j => j.Parent == jail.Jid),
        _ when jail.TryGetValue(name, out var value) => value,
        _ => type.Kind switch
        {
            FakeJailValueKind.Int => 0,
            FakeJailValueKind.String => "",
            _ => Array.Empty<byte>(),
        },
    };

    /// <summary>vfs_setopt / vfs_setopts / vfs_setopt_part in sys/kern/vfs_mount.c, as kern_jail_get uses them.</summary>
    private static int WriteValue(JailParameter parameter, FakeJailParameterType type, object value)
    {
        switch (type.Kind)
        {
            case FakeJailValueKind.Int:
                if (parameter.Buffer.Length != sizeof(int))
                {
                    return Errno.EINVAL;
                }

                BinaryPrimitives.WriteInt32LittleEndian(parameter.Buffer, (int)value);
                parameter.Length = sizeof(int);
                return 0;

            case FakeJailValueKind.String:
                var bytes = Encoding.UTF8.GetBytes((string)value);
                if (parameter.Buffer.Length == 0)
                {
                    parameter.Length = bytes.Length + 1;
                    return 0;
                }

                if (parameter.Buffer.Length < bytes.Length + 1)
                {
                    return Errno.EINVAL;
                }

                Array.Clear(parameter.Buffer);
                bytes.CopyTo(parameter.Buffer, 0);
                parameter.Length = parameter.Buffer.Length;
                return 0;

            default:
                var data = (byte[])value;
                if (parameter.Buffer.Length == 0)
                {
                    parameter.Length = data.Length;
                    return 0;
                }

                if (parameter.Buffer.Length < data.Length)
                {
                    return Errno.EINVAL;
                }

                data.CopyTo(parameter.Buffer, 0);
                parameter.Length = data.Length;
                return 0;
        }
    }

    private static bool TryReadInt(JailParameter parameter, out int value)
    {
        value = parameter.Buffer.Length == sizeof(int) ? BinaryPrimitives.ReadInt32LittleEndian(parameter.Buffer) : 0;
        return parameter.Buffer.Length == sizeof(int);
    }

    private static void WriteErrmsg(JailParameter? errmsg, string message)
    {
        if (errmsg is null || errmsg.Buffer.Length == 0)
        {
            return;
        }

        Array.Clear(errmsg.Buffer);
        var bytes = Encoding.ASCII.GetBytes(message);
        Array.Copy(bytes, errmsg.Buffer, Math.Min(bytes.Length, errmsg.Buffer.Length - 1));
    }

    private static string ReadCString(byte[] buffer)
    {
        var end = Array.IndexOf(buffer, (byte)0);
        return Encoding.UTF8.GetString(buffer, 0, end < 0 ? buffer.Length : end);
    }

    // ----- rctl -----

    private int RctlCall(string input, byte[]? output, out int errno, Func<string, byte[]?, int> body)
    {
        if (!RacctEnabled || RctlErrno is not null)
        {
            errno = RacctEnabled ? RctlErrno!.Value : Errno.ENOSYS;
            return -1;
        }

        var inputLength = Encoding.ASCII.GetByteCount(input) + 1;
        errno = inputLength > RctlMaxInput ? Errno.E2BIG : body(input, output);
        return errno == 0 ? 0 : -1;
    }

    private int GetRacctLocked(string filter, byte[]? output)
    {
        if (!FakeRctlRule.TryParse(filter, isFilter: true, out var parsed) || parsed.Subject.Length == 0 || parsed.Id.Length == 0)
        {
            return Errno.EINVAL;
        }

        var usage = parsed.Subject == "jail" && _racct.TryGetValue(parsed.Id, out var text)
            ? text
            : string.Join(",", FakeRctlRule.Resources.Select(r => r + "=0"));
        return WriteAnswer(usage, output!);
    }

    private int GetRulesLocked(string filter, byte[]? output)
    {
        if (!FakeRctlRule.TryParse(filter, isFilter: true, out var parsed))
        {
            return Errno.EINVAL;
        }

        return WriteAnswer(string.Join(",", _rules.Where(parsed.Matches)), output!);
    }

    private int AddRuleLocked(string text)
    {
        if (!FakeRctlRule.TryParse(text, isFilter: false, out var rule))
        {
            return Errno.EINVAL;
        }

        if (!rule.IsAllowedCombination())
        {
            return Errno.EOPNOTSUPP;
        }

        // kern_rctl.c rctl_rule_add: a rule that differs only in amount replaces the old one.
        _rules.RemoveAll(r => r.Key == rule.Key);
        _rules.Add(rule);
        return 0;
    }

    private int RemoveRulesLocked(string text)
    {
        if (!FakeRctlRule.TryParse(text, isFilter: true, out var filter))
        {
            return Errno.EINVAL;
        }

        return _rules.RemoveAll(filter.Matches) == 0 ? Errno.ESRCH : 0;
    }

    private static int WriteAnswer(string answer, byte[] output)
    {
        var bytes = Encoding.ASCII.GetBytes(answer);
        if (bytes.Length + 1 > output.Length)
        {
            return Errno.ERANGE;
        }

        Array.Clear(output);
        bytes.CopyTo(output, 0);
        return 0;
    }

    // ----- sysctl -----

    private int ReadSysctl(string key, byte[]? buffer, out nuint length, out int errno)
    {
        if (!_sysctls.TryGetValue(key, out var entry))
        {
            length = 0;
            errno = Errno.ENOENT;
            return -1;
        }

        var value = entry.Read();
        if (buffer is null)
        {
            length = (nuint)(value.Length + entry.ProbeSlack);
            errno = 0;
            return 0;
        }

        // sys/kern/kern_sysctl.c userland_sysctl: a short buffer gets what fits, the valid length, and ENOMEM.
        var copied = Math.Min(buffer.Length, value.Length);
        Array.Copy(value, buffer, copied);
        length = (nuint)copied;
        errno = copied < value.Length ? Errno.ENOMEM : 0;
        return errno == 0 ? 0 : -1;
    }

    private static string MibKey(ReadOnlySpan<int> mib)
    {
        var parts = new string[mib.Length];
        for (var i = 0; i < mib.Length; i++)
        {
            parts[i] = mib[i].ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return "{" + string.Join(",", parts) + "}";
    }

    private static byte[] LittleEndian(int value)
    {
        var bytes = new byte[sizeof(int)];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, value);
        return bytes;
    }

    private static byte[] LittleEndian(ulong value)
    {
        var bytes = new byte[sizeof(ulong)];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
        return bytes;
    }

    private void Log(string function, string argument, long bufferSize, int errno) =>
        _calls.Add(new NativeCall(function, argument, bufferSize, errno));

    private sealed record SysctlEntry(Func<byte[]> Read, int ProbeSlack);
}
