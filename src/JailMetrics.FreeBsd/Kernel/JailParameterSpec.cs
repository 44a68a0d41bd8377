namespace JailMetrics.FreeBsd.Kernel;

/// <summary>How a jail parameter's value travels through jail_get(2) (vfs_setopt* in sys/kern/vfs_mount.c).</summary>
internal enum JailValueKind
{
    /// <summary>A C int: the value iovec must be exactly 4 bytes.</summary>
    Int,
    /// <summary>A NUL-terminated string: the buffer must hold the string and its NUL.</summary>
    String,
    /// <summary>An array (in_addr / in6_addr): probed with an empty buffer, then read with one at least that large.</summary>
    Array,
}

/// <summary>
/// One parameter the enumeration reads. <see cref="Size"/> is the string buffer size from the kernel's
/// declaration (MAXHOSTNAMELEN 256, MAXPATHLEN 1024, osrelease 32 — sys/kern/kern_jail.c,
/// reference/freebsd.md §2.3). Optional parameters depend on kernel options or loaded modules
/// (vnet needs VIMAGE, sysvshm needs sysvshm.ko …); the kernel answers ENOENT "unknown parameter" for them.
/// </summary>
internal sealed record JailParameterSpec(string Name, JailValueKind Kind, int Size = 4, bool Optional = true)
{
    public static IReadOnlyList<JailParameterSpec> Enumerated { get; } =
    [
        new("jid", JailValueKind.Int, Optional: false),
        new("name", JailValueKind.String, 256, Optional: false),
        new("path", JailValueKind.String, 1024, Optional: false),
        new("parent", JailValueKind.Int, Optional: false),
        new("dying", JailValueKind.Int, Optional: false),
        new("host.hostname", JailValueKind.String, 256),
        new("children.cur", JailValueKind.Int),
        new("children.max", JailValueKind.Int),
        new("vnet", JailValueKind.Int),
        new("osrelease", JailValueKind.String, 32),
        new("osreldate", JailValueKind.Int),
        new("securelevel", JailValueKind.Int),
        new("cpuset.id", JailValueKind.Int),
        new("enforce_statfs", JailValueKind.Int),
        new("sysvshm", JailValueKind.Int),
        new("sysvsem", JailValueKind.Int),
        new("sysvmsg", JailValueKind.Int),
        new("persist", JailValueKind.Int),
        new("ip4.addr", JailValueKind.Array, 4),
        new("ip6.addr", JailValueKind.Array, 16),
    ];

    /// <summary>The value buffer for one call: exact for ints, the declared size for strings, a size probe (empty) for arrays.</summary>
    public byte[] NewBuffer() => Kind == JailValueKind.Array ? [] : new byte[Size];
}
