using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace JailMetrics.FreeBsd.Native;

/// <summary>
/// The libc.so.7 entry points, declared exactly as FreeBSD's headers declare them (LP64: size_t and
/// pointers are 8 bytes, int 4; reference/freebsd.md §0). Named <c>libc.so.7</c> explicitly because
/// /usr/lib/libc.so is an ld script, not a loadable library. Only <see cref="LibcFreeBsdNative"/> calls these.
/// </summary>
[SupportedOSPlatform("freebsd")]
internal static unsafe partial class LibcImports
{
    public const string Library = "libc.so.7";

    /// <summary>sys/sys/jail.h: <c>int jail_get(struct iovec *iov, unsigned int niov, int flags);</c></summary>
    [LibraryImport(Library, EntryPoint = "jail_get", SetLastError = true)]
    public static partial int JailGet(Iovec* iov, uint niov, int flags);

    /// <summary>sys/sys/sysctl.h: <c>int sysctlbyname(const char *name, void *oldp, size_t *oldlenp, const void *newp, size_t newlen);</c></summary>
    [LibraryImport(Library, EntryPoint = "sysctlbyname", SetLastError = true)]
    public static partial int SysctlByName(byte* name, byte* oldp, nuint* oldlenp, byte* newp, nuint newlen);

    /// <summary>sys/sys/sysctl.h: <c>int sysctl(const int *name, u_int namelen, void *oldp, size_t *oldlenp, const void *newp, size_t newlen);</c></summary>
    [LibraryImport(Library, EntryPoint = "sysctl", SetLastError = true)]
    public static partial int Sysctl(int* name, uint namelen, byte* oldp, nuint* oldlenp, byte* newp, nuint newlen);

    /// <summary>sys/sys/rctl.h: <c>int rctl_get_racct(const char *inbufp, size_t inbuflen, char *outbufp, size_t outbuflen);</c></summary>
    [LibraryImport(Library, EntryPoint = "rctl_get_racct", SetLastError = true)]
    public static partial int RctlGetRacct(byte* inbufp, nuint inbuflen, byte* outbufp, nuint outbuflen);

    /// <summary>sys/sys/rctl.h: <c>int rctl_get_rules(const char *inbufp, size_t inbuflen, char *outbufp, size_t outbuflen);</c></summary>
    [LibraryImport(Library, EntryPoint = "rctl_get_rules", SetLastError = true)]
    public static partial int RctlGetRules(byte* inbufp, nuint inbuflen, byte* outbufp, nuint outbuflen);

    /// <summary>sys/sys/rctl.h: <c>int rctl_add_rule(const char *inbufp, size_t inbuflen, char *outbufp, size_t outbuflen);</c> (out buffer unused: NULL, 0).</summary>
    [LibraryImport(Library, EntryPoint = "rctl_add_rule", SetLastError = true)]
    public static partial int RctlAddRule(byte* inbufp, nuint inbuflen, byte* outbufp, nuint outbuflen);

    /// <summary>sys/sys/rctl.h: <c>int rctl_remove_rule(const char *inbufp, size_t inbuflen, char *outbufp, size_t outbuflen);</c> (out buffer unused).</summary>
    [LibraryImport(Library, EntryPoint = "rctl_remove_rule", SetLastError = true)]
    public static partial int RctlRemoveRule(byte* inbufp, nuint inbuflen, byte* outbufp, nuint outbuflen);

    /// <summary>include/ifaddrs.h: <c>int getifaddrs(struct ifaddrs **ifap);</c></summary>
    [LibraryImport(Library, EntryPoint = "getifaddrs", SetLastError = true)]
    public static partial int GetIfAddrs(IfAddrs** ifap);

    /// <summary>include/ifaddrs.h: <c>void freeifaddrs(struct ifaddrs *ifp);</c></summary>
    [LibraryImport(Library, EntryPoint = "freeifaddrs")]
    public static partial void FreeIfAddrs(IfAddrs* ifp);

    /// <summary>
    /// sys/sys/mount.h: <c>int statfs(const char *path, struct statfs *buf);</c>. The default symbol
    /// version (FBSD_1.5, FreeBSD 12+) fills the 2344-byte struct <see cref="Layouts.StatfsLayout"/> reads.
    /// </summary>
    [LibraryImport(Library, EntryPoint = "statfs", SetLastError = true)]
    public static partial int Statfs(byte* path, byte* buf);
}

/// <summary>sys/sys/_iovec.h: <c>struct iovec { void *iov_base; size_t iov_len; }</c> — 16 bytes on LP64.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct Iovec
{
    public byte* Base;
    public nuint Length;
}

/// <summary>
/// include/ifaddrs.h <c>struct ifaddrs</c> (LP64 offsets 0, 8, 16, 24, 32, 40, 48; 56 bytes;
/// reference/freebsd.md §5.1).
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct IfAddrs
{
    public IfAddrs* Next;
    public byte* Name;
    public uint Flags;
    public byte* Addr;
    public byte* Netmask;
    public byte* DstAddr;
    public byte* Data;
}
