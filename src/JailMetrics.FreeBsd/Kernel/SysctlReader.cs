using System.Buffers.Binary;
using System.Text;
using JailMetrics.FreeBsd.Native;

namespace JailMetrics.FreeBsd.Kernel;

/// <summary>
/// Reads sysctls through the native layer: the size probe, the read, and the retry on ENOMEM when a
/// table grew in between (sysctl(3); reference/freebsd.md §3.1). Numbers are read by the length the
/// kernel returned, because the same name is an int on one kernel and a u_long or bool on another.
/// </summary>
internal sealed class SysctlReader(IFreeBsdNative native)
{
    private const int MaxAttempts = 8;
    private const int MinimumBuffer = 16;

    /// <summary>The value's bytes, or null when the kernel has no such name (ENOENT).</summary>
    public byte[]? TryRead(string name) =>
        ReadGrowing(name, (byte[]? buffer, out nuint length, out int errno) => native.SysctlByName(name, buffer, out length, out errno));

    /// <summary>A table by MIB, e.g. kern.proc.proc {1, 14, 8}; throws when the kernel refuses it.</summary>
    public byte[] Read(int[] mib)
    {
        string name = "{" + string.Join(",", mib) + "}";
        return ReadGrowing(name, (byte[]? buffer, out nuint length, out int errno) => native.Sysctl(mib, buffer, out length, out errno))
            ?? throw new FreeBsdNativeException($"sysctl {name}", Errno.ENOENT);
    }

    /// <summary>
    /// An integer sysctl of any C width: 1 byte (SYSCTL_BOOL), 4 (int, u_int) or 8 (long, u_long).
    /// Null when the name does not exist.
    /// </summary>
    public long? TryReadInteger(string name)
    {
        var buffer = new byte[sizeof(long)];
        if (native.SysctlByName(name, buffer, out nuint length, out int errno) < 0)
        {
            if (errno == Errno.ENOENT) return null;
            throw new FreeBsdNativeException($"sysctlbyname {name}", errno);
        }

        return (int)length switch
        {
            1 => buffer[0],
            2 => BinaryPrimitives.ReadInt16LittleEndian(buffer),
            4 => BinaryPrimitives.ReadInt32LittleEndian(buffer),
            8 => (long)Math.Min(BinaryPrimitives.ReadUInt64LittleEndian(buffer), long.MaxValue),
            _ => throw new FreeBsdNativeException($"sysctlbyname {name}", Errno.EINVAL, $"{length} bytes is not an integer width"),
        };
    }

    /// <summary>A string sysctl (kern.hostname, kern.osrelease) without its NUL; null when absent.</summary>
    public string? TryReadString(string name)
    {
        if (TryRead(name) is not { } bytes) return null;
        int end = Array.IndexOf(bytes, (byte)0);
        return Encoding.UTF8.GetString(bytes, 0, end < 0 ? bytes.Length : end);
    }

    private delegate int SysctlCall(byte[]? buffer, out nuint length, out int errno);

    private static byte[]? ReadGrowing(string name, SysctlCall call)
    {
        for (int attempt = 0; attempt < MaxAttempts; attempt++)
        {
            if (call(null, out nuint probed, out int errno) < 0)
            {
                if (errno == Errno.ENOENT) return null;
                throw new FreeBsdNativeException($"sysctl {name} (size)", errno);
            }

            // The probe may be stale by the time we read; leave room (kern.proc already over-estimates
            // by 5 records). Never pass an empty buffer: its NULL pointer would turn the read into a probe.
            var buffer = new byte[Math.Max(MinimumBuffer, (int)probed + (int)probed / 8 + 64 * attempt)];
            if (call(buffer, out nuint length, out errno) == 0)
                return buffer.AsSpan(0, Math.Min((int)length, buffer.Length)).ToArray();
            if (errno == Errno.ENOENT) return null;
            if (errno != Errno.ENOMEM) throw new FreeBsdNativeException($"sysctl {name}", errno);
        }

        throw new FreeBsdNativeException($"sysctl {name}", Errno.ENOMEM, $"still growing after {MaxAttempts} attempts");
    }
}
