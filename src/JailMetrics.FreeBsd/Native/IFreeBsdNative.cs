namespace JailMetrics.FreeBsd.Native;

/// <summary>
/// The thin native layer: the only code that calls libc.so.7 by name. Each member is one system
/// call with managed buffers in and out and the errno it set; buffer sizing, retries (ERANGE,
/// ENOMEM) and every interpretation of the bytes live above it, so a fake of this interface
/// drives all of them in tests. Nothing above this layer touches a pointer.
/// </summary>
public interface IFreeBsdNative
{
    /// <summary>
    /// jail_get(2) with one iovec pair per entry of <paramref name="parameters"/>: the name as a
    /// NUL-terminated string, the value as <see cref="JailParameter.Buffer"/> (in for keys such as
    /// <c>lastjid</c>, out for the rest). The kernel's rewritten value length (arrays such as
    /// <c>ip4.addr</c>) comes back in <see cref="JailParameter.Length"/>.
    /// Returns the JID found, or -1 with <paramref name="errno"/> set.
    /// </summary>
    int JailGet(IReadOnlyList<JailParameter> parameters, int flags, out int errno);

    /// <summary>
    /// sysctlbyname(3) reading into <paramref name="buffer"/>; null asks only for the size.
    /// Returns 0 and the length the kernel wrote (or would write), or -1 with errno (ENOMEM when the buffer is too small).
    /// </summary>
    int SysctlByName(string name, byte[]? buffer, out nuint length, out int errno);

    /// <summary>sysctl(3) by MIB (e.g. kern.proc.proc = {1, 14, 8}), with the same contract as <see cref="SysctlByName"/>.</summary>
    int Sysctl(ReadOnlySpan<int> mib, byte[]? buffer, out nuint length, out int errno);

    /// <summary>rctl_get_racct(2): <paramref name="filter"/> in, the NUL-terminated answer in <paramref name="output"/>. 0, or -1 with errno (ERANGE: output too small).</summary>
    int RctlGetRacct(string filter, byte[] output, out int errno);

    /// <summary>rctl_get_rules(2), same contract as <see cref="RctlGetRacct"/>.</summary>
    int RctlGetRules(string filter, byte[] output, out int errno);

    /// <summary>rctl_add_rule(2). 0, or -1 with errno.</summary>
    int RctlAddRule(string rule, out int errno);

    /// <summary>rctl_remove_rule(2). 0, or -1 with errno (ESRCH: nothing matched).</summary>
    int RctlRemoveRule(string filter, out int errno);

    /// <summary>
    /// getifaddrs(3), keeping only the AF_LINK entries: each interface's name, index and a copy of
    /// its <c>struct if_data</c> bytes. 0, or -1 with errno.
    /// </summary>
    int GetLinkInterfaces(out IReadOnlyList<LinkInterfaceData> interfaces, out int errno);

    /// <summary>statfs(2) of <paramref name="path"/>, the <c>struct statfs</c> bytes copied out. 0, or -1 with errno.</summary>
    int Statfs(string path, out byte[] statfs, out int errno);
}

/// <summary>One name/value iovec pair of jail_get(2).</summary>
public sealed class JailParameter(string name, byte[] buffer)
{
    public string Name { get; } = name;

    /// <summary>The value buffer: its size is what the kernel may fill.</summary>
    public byte[] Buffer { get; } = buffer;

    /// <summary>The value length after the call (the kernel rewrites it for arrays and strings).</summary>
    public int Length { get; set; } = buffer.Length;
}

/// <summary>An AF_LINK entry of getifaddrs(3).</summary>
public sealed record LinkInterfaceData(string Name, ushort Index, byte[] IfData);
