using System.Runtime.InteropServices;

namespace JailMetrics.Snmp.Agent;

/// <summary>
/// recvfrom(2) and sendto(2) called directly, for the agent's receive loop only: blittable arguments
/// (a file descriptor, pinned buffers, a reused sockaddr), so the call is a plain native call with no
/// SafeHandle reference counting, no SocketAddress/EndPoint work and no errno translation per
/// datagram, which Socket.ReceiveFrom/SendTo and System.Native add around the same two system calls.
/// The prototypes are POSIX's (sys/socket.h) and the same on Linux (glibc, libc.so.6) and FreeBSD
/// (libc.so.7); "libc" is the name the .NET runtime maps to the platform's C library on both.
/// </summary>
internal static unsafe partial class DatagramCalls
{
    private const string Library = "libc";

    /// <summary>EINTR: 4 on Linux and on FreeBSD (errno.h).</summary>
    public const int Interrupted = 4;

    /// <summary>The size of struct sockaddr_storage on Linux and FreeBSD: room for any source address.</summary>
    public const int SockaddrStorageSize = 128;

    /// <summary><c>ssize_t recvfrom(int s, void *buf, size_t len, int flags, struct sockaddr *from, socklen_t *fromlen);</c></summary>
    [LibraryImport(Library, EntryPoint = "recvfrom", SetLastError = true)]
    public static partial nint ReceiveFrom(int socket, byte* buffer, nuint length, int flags, byte* from, uint* fromLength);

    /// <summary><c>ssize_t sendto(int s, const void *msg, size_t len, int flags, const struct sockaddr *to, socklen_t tolen);</c></summary>
    [LibraryImport(Library, EntryPoint = "sendto", SetLastError = true)]
    public static partial nint SendTo(int socket, byte* message, nuint length, int flags, byte* to, uint toLength);
}
