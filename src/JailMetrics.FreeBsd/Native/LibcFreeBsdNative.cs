using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using System.Text;

namespace JailMetrics.FreeBsd.Native;

/// <summary>
/// The real <see cref="IFreeBsdNative"/>: each member copies managed buffers into native memory, makes
/// one libc call and copies the results back with errno (<see cref="Marshal.GetLastPInvokeError"/>).
/// No retries and no interpretation happen here; they live above, where the fake exercises them.
/// </summary>
[SupportedOSPlatform("freebsd")]
public sealed unsafe class LibcFreeBsdNative : IFreeBsdNative
{
    /// <summary>sys/sys/socket.h AF_LINK: the ifaddrs entries whose ifa_data is a struct if_data.</summary>
    private const byte AfLink = 18;

    /// <summary>sys/net/if_dl.h: sdl_index (u_short) sits at offset 2 of struct sockaddr_dl; sa_family at offset 1 of any sockaddr.</summary>
    private const int SockaddrFamilyOffset = 1;
    private const int SockaddrDlIndexOffset = 2;

    /// <summary>sys/net/if.h: the FreeBSD 12+ struct if_data is 152 bytes; ifi_datalen (u16) at offset 6 says how many are valid.</summary>
    private const int IfDataSize = 152;
    private const int IfDataLengthOffset = 6;

    /// <summary>sys/sys/mount.h sizeof(struct statfs) on LP64, STATFS_VERSION 0x20140518.</summary>
    private const int StatfsSize = 2344;

    public int JailGet(IReadOnlyList<JailParameter> parameters, int flags, out int errno)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        int niov = parameters.Count * 2;
        var iov = (Iovec*)NativeMemory.AllocZeroed((nuint)niov, (nuint)sizeof(Iovec));
        try
        {
            for (int i = 0; i < parameters.Count; i++)
            {
                iov[2 * i] = CopyIn(CString(parameters[i].Name));
                // An empty buffer is passed as NULL/0: the kernel's size probe (vfs_setopt_part).
                iov[2 * i + 1] = CopyIn(parameters[i].Buffer);
            }

            int result = LibcImports.JailGet(iov, (uint)niov, flags);
            errno = result < 0 ? Marshal.GetLastPInvokeError() : 0;

            for (int i = 0; i < parameters.Count; i++)
            {
                var value = iov[2 * i + 1];
                var buffer = parameters[i].Buffer;
                if (value.Base is not null)
                    new ReadOnlySpan<byte>(value.Base, buffer.Length).CopyTo(buffer);
                parameters[i].Length = (int)value.Length;
            }
            return result;
        }
        finally
        {
            for (int i = 0; i < niov; i++) NativeMemory.Free(iov[i].Base);
            NativeMemory.Free(iov);
        }
    }

    public int SysctlByName(string name, byte[]? buffer, out nuint length, out int errno)
    {
        fixed (byte* namePtr = CString(name))
        fixed (byte* oldp = buffer)
        {
            nuint oldlen = (nuint)(buffer?.Length ?? 0);
            int result = LibcImports.SysctlByName(namePtr, buffer is null ? null : oldp, &oldlen, null, 0);
            errno = result < 0 ? Marshal.GetLastPInvokeError() : 0;
            length = oldlen;
            return result;
        }
    }

    public int Sysctl(ReadOnlySpan<int> mib, byte[]? buffer, out nuint length, out int errno)
    {
        fixed (int* name = mib)
        fixed (byte* oldp = buffer)
        {
            nuint oldlen = (nuint)(buffer?.Length ?? 0);
            int result = LibcImports.Sysctl(name, (uint)mib.Length, buffer is null ? null : oldp, &oldlen, null, 0);
            errno = result < 0 ? Marshal.GetLastPInvokeError() : 0;
            length = oldlen;
            return result;
        }
    }

    public int RctlGetRacct(string filter, byte[] output, out int errno) =>
        Rctl(filter, output, out errno, static (i, il, o, ol) => LibcImports.RctlGetRacct(i, il, o, ol));

    public int RctlGetRules(string filter, byte[] output, out int errno) =>
        Rctl(filter, output, out errno, static (i, il, o, ol) => LibcImports.RctlGetRules(i, il, o, ol));

    public int RctlAddRule(string rule, out int errno) =>
        Rctl(rule, null, out errno, static (i, il, o, ol) => LibcImports.RctlAddRule(i, il, o, ol));

    public int RctlRemoveRule(string filter, out int errno) =>
        Rctl(filter, null, out errno, static (i, il, o, ol) => LibcImports.RctlRemoveRule(i, il, o, ol));

    public int GetLinkInterfaces(out IReadOnlyList<LinkInterfaceData> interfaces, out int errno)
    {
        IfAddrs* head;
        if (LibcImports.GetIfAddrs(&head) < 0)
        {
            errno = Marshal.GetLastPInvokeError();
            interfaces = [];
            return -1;
        }

        try
        {
            var found = new List<LinkInterfaceData>();
            for (var entry = head; entry is not null; entry = entry->Next)
            {
                // getifaddrs(3): only AF_LINK entries carry a struct if_data in ifa_data.
                if (entry->Addr is null || entry->Data is null || entry->Addr[SockaddrFamilyOffset] != AfLink) continue;
                ushort index = *(ushort*)(entry->Addr + SockaddrDlIndexOffset);
                int valid = *(ushort*)(entry->Data + IfDataLengthOffset);
                int copy = valid is > 0 and <= IfDataSize ? valid : IfDataSize;
                var data = new byte[IfDataSize];
                new ReadOnlySpan<byte>(entry->Data, copy).CopyTo(data);
                found.Add(new LinkInterfaceData(Marshal.PtrToStringUTF8((nint)entry->Name) ?? "", index, data));
            }
            interfaces = found;
            errno = 0;
            return 0;
        }
        finally
        {
            LibcImports.FreeIfAddrs(head);
        }
    }

    public int Statfs(string path, out byte[] statfs, out int errno)
    {
        var buffer = new byte[StatfsSize];
        fixed (byte* pathPtr = CString(path))
        fixed (byte* buf = buffer)
        {
            int result = LibcImports.Statfs(pathPtr, buf);
            errno = result < 0 ? Marshal.GetLastPInvokeError() : 0;
            statfs = result < 0 ? [] : buffer;
            return result;
        }
    }

    private delegate int RctlCall(byte* inbuf, nuint inlen, byte* outbuf, nuint outlen);

    /// <summary>rctl_add_rule.2: inbuflen counts the terminating NUL, as rctl(8) passes strlen(s)+1.</summary>
    private static int Rctl(string input, byte[]? output, out int errno, RctlCall call)
    {
        var inbuf = CString(input);
        fixed (byte* i = inbuf)
        fixed (byte* o = output)
        {
            int result = call(i, (nuint)inbuf.Length, output is null ? null : o, (nuint)(output?.Length ?? 0));
            errno = result < 0 ? Marshal.GetLastPInvokeError() : 0;
            return result;
        }
    }

    private static Iovec CopyIn(byte[] bytes)
    {
        if (bytes.Length == 0) return default;
        var native = (byte*)NativeMemory.Alloc((nuint)bytes.Length);
        bytes.CopyTo(new Span<byte>(native, bytes.Length));
        return new Iovec { Base = native, Length = (nuint)bytes.Length };
    }

    private static byte[] CString(string s)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(s) + 1];
        Encoding.UTF8.GetBytes(s, bytes);
        return bytes;
    }
}
