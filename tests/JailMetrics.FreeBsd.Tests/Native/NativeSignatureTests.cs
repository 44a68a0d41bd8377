using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using JailMetrics.FreeBsd.Layouts;
using JailMetrics.FreeBsd.Native;

namespace JailMetrics.FreeBsd.Tests.Native;

/// <summary>
/// Every P/Invoke signature and struct size against the C declaration it binds (there is no FreeBSD
/// machine to catch a mistake, so the declarations are checked here, header beside each).
/// </summary>
public sealed class NativeSignatureTests
{
    /// <summary>entry point → the C prototype as .NET types (size_t = nuint, char* = byte*, LP64).</summary>
    public static TheoryData<string, string> Prototypes => new()
    {
        // sys/sys/jail.h: int jail_get(struct iovec *iov, unsigned int niov, int flags);
        { "jail_get", "Int32(Iovec*, UInt32, Int32)" },
        // sys/sys/sysctl.h: int sysctlbyname(const char *, void *oldp, size_t *oldlenp, const void *newp, size_t newlen);
        { "sysctlbyname", "Int32(Byte*, Byte*, UIntPtr*, Byte*, UIntPtr)" },
        // sys/sys/sysctl.h: int sysctl(const int *name, u_int namelen, void *oldp, size_t *oldlenp, const void *newp, size_t newlen);
        { "sysctl", "Int32(Int32*, UInt32, Byte*, UIntPtr*, Byte*, UIntPtr)" },
        // sys/sys/rctl.h: int rctl_*(const char *inbufp, size_t inbuflen, char *outbufp, size_t outbuflen);
        { "rctl_get_racct", "Int32(Byte*, UIntPtr, Byte*, UIntPtr)" },
        { "rctl_get_rules", "Int32(Byte*, UIntPtr, Byte*, UIntPtr)" },
        { "rctl_add_rule", "Int32(Byte*, UIntPtr, Byte*, UIntPtr)" },
        { "rctl_remove_rule", "Int32(Byte*, UIntPtr, Byte*, UIntPtr)" },
        // include/ifaddrs.h: int getifaddrs(struct ifaddrs **ifap); void freeifaddrs(struct ifaddrs *ifp);
        { "getifaddrs", "Int32(IfAddrs**)" },
        { "freeifaddrs", "Void(IfAddrs*)" },
        // sys/sys/mount.h: int statfs(const char *path, struct statfs *buf);
        { "statfs", "Int32(Byte*, Byte*)" },
    };

    private static IEnumerable<(MethodInfo Method, LibraryImportAttribute Import)> Imports() =>
        typeof(IFreeBsdNative).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Select(m => (Method: m, Import: m.GetCustomAttribute<LibraryImportAttribute>()!))
            .Where(x => x.Import is not null);

    [Theory]
    [MemberData(nameof(Prototypes))]
    public void Each_import_matches_its_C_prototype(string entryPoint, string prototype)
    {
        var (method, import) = Assert.Single(Imports(), x => x.Import.EntryPoint == entryPoint);
        Assert.Equal("libc.so.7", import.LibraryName);
        Assert.Equal(prototype, $"{Format(method.ReturnType)}({string.Join(", ", method.GetParameters().Select(p => Format(p.ParameterType)))})");
        // errno is read after every call that can fail; freeifaddrs returns nothing and cannot.
        Assert.Equal(entryPoint != "freeifaddrs", import.SetLastError);
    }

    [Fact]
    public void The_import_class_is_the_only_code_that_names_libc()
    {
        var declaring = Imports().Select(x => x.Method.DeclaringType).Distinct().ToList();
        Assert.Equal([typeof(LibcImports)], declaring);
        Assert.Equal(Prototypes.Count(), Imports().Count());
        var dllImportOwners = typeof(IFreeBsdNative).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Where(m => m.GetCustomAttribute<DllImportAttribute>() is not null)
            .Select(m => m.DeclaringType!)
            .Distinct();
        // The LibraryImport generator emits its DllImport stubs inside LibcImports itself.
        Assert.All(dllImportOwners, owner => Assert.True(owner == typeof(LibcImports) || owner.DeclaringType == typeof(LibcImports), owner.FullName));
    }

    [Fact]
    public void The_real_layer_is_marked_FreeBSD_only()
    {
        Assert.Equal("freebsd", typeof(LibcFreeBsdNative).GetCustomAttribute<SupportedOSPlatformAttribute>()!.PlatformName);
        Assert.Equal("freebsd", typeof(LibcImports).GetCustomAttribute<SupportedOSPlatformAttribute>()!.PlatformName);
        Assert.True(typeof(IFreeBsdNative).IsAssignableFrom(typeof(LibcFreeBsdNative)));
    }

    [Fact]
    public void Iovec_is_16_bytes_base_then_length()
    {
        // sys/sys/_iovec.h: struct iovec { void *iov_base; size_t iov_len; } on LP64.
        Assert.Equal(16, Unsafe.SizeOf<Iovec>());
        Assert.Equal(0, (int)Marshal.OffsetOf<Iovec>(nameof(Iovec.Base)));
        Assert.Equal(8, (int)Marshal.OffsetOf<Iovec>(nameof(Iovec.Length)));
    }

    [Fact]
    public void Ifaddrs_matches_the_header()
    {
        // include/ifaddrs.h (reference/freebsd.md §5.1): 56 bytes; ifa_flags is a u_int followed by padding.
        Assert.Equal(56, Unsafe.SizeOf<IfAddrs>());
        Assert.Equal(0, (int)Marshal.OffsetOf<IfAddrs>(nameof(IfAddrs.Next)));
        Assert.Equal(8, (int)Marshal.OffsetOf<IfAddrs>(nameof(IfAddrs.Name)));
        Assert.Equal(16, (int)Marshal.OffsetOf<IfAddrs>(nameof(IfAddrs.Flags)));
        Assert.Equal(24, (int)Marshal.OffsetOf<IfAddrs>(nameof(IfAddrs.Addr)));
        Assert.Equal(32, (int)Marshal.OffsetOf<IfAddrs>(nameof(IfAddrs.Netmask)));
        Assert.Equal(40, (int)Marshal.OffsetOf<IfAddrs>(nameof(IfAddrs.DstAddr)));
        Assert.Equal(48, (int)Marshal.OffsetOf<IfAddrs>(nameof(IfAddrs.Data)));
    }

    [Fact]
    public void Byte_layouts_have_the_header_sizes()
    {
        Assert.Equal(1088, KinfoProcLayout.Size);            // KINFO_PROC_SIZE, sys/{amd64,arm64}/include/proc.h
        Assert.Equal(2344, StatfsLayout.Size);               // sizeof(struct statfs), sys/sys/mount.h (FreeBSD 12+)
        Assert.Equal(0x20140518u, StatfsLayout.Version);     // STATFS_VERSION
        Assert.Equal(152, IfDataLayout.Size);                // sizeof(struct if_data), sys/net/if.h
        Assert.Equal(104, SysvIpcLayouts.ShmRecordSize);     // struct shmid_kernel, sys/sys/shm.h
        Assert.Equal(80, SysvIpcLayouts.SemRecordSize);      // struct semid_kernel, sys/sys/sem.h
        Assert.Equal(120, SysvIpcLayouts.MsgRecordSize);     // struct msqid_kernel, sys/sys/msg.h
    }

    [Fact]
    public void Errno_values_are_FreeBSDs()
    {
        // sys/sys/errno.h — several differ from Linux (ENOSYS is 38 there, ERANGE 34 on both, EOPNOTSUPP 95 there).
        Assert.Equal(78, Errno.ENOSYS);
        Assert.Equal(45, Errno.EOPNOTSUPP);
        Assert.Equal(63, Errno.ENAMETOOLONG);
        Assert.Equal(34, Errno.ERANGE);
        Assert.Equal(12, Errno.ENOMEM);
        Assert.Equal(3, Errno.ESRCH);
    }

    private static string Format(Type type) => type.IsPointer ? Format(type.GetElementType()!) + "*" : type.Name;
}
