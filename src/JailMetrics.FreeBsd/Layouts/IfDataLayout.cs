using System.Buffers.Binary;

namespace JailMetrics.FreeBsd.Layouts;

/// <summary>The counters of one struct if_data.</summary>
internal readonly record struct IfDataCounters(
    ulong InPackets, ulong InErrors, ulong OutPackets, ulong OutErrors, ulong Collisions,
    ulong InBytes, ulong OutBytes, ulong InMulticasts, ulong OutMulticasts,
    ulong InQueueDrops, ulong OutQueueDrops, ulong NoProto);

/// <summary>
/// struct if_data (sys/net/if.h, FreeBSD 12+): 152 bytes on every architecture, the counters u64 from
/// offset 24 (reference/freebsd.md §5.1, reference/layouts.py). <c>ifi_datalen</c> (u16 at 6) guards
/// against a shorter, older struct.
/// </summary>
internal static class IfDataLayout
{
    public const int Size = 152;
    public const int DataLen = 6;      // u_short ifi_datalen
    public const int IPackets = 24;
    public const int IErrors = 32;
    public const int OPackets = 40;
    public const int OErrors = 48;
    public const int Collisions = 56;
    public const int IBytes = 64;
    public const int OBytes = 72;
    public const int IMcasts = 80;
    public const int OMcasts = 88;
    public const int IqDrops = 96;
    public const int OqDrops = 104;
    public const int NoProto = 112;

    /// <summary>The counters end with ifi_noproto; a record must reach at least that far.</summary>
    private const int CountersEnd = NoProto + sizeof(ulong);

    public static IfDataCounters Read(ReadOnlySpan<byte> data)
    {
        int declared = data.Length >= DataLen + 2 ? BinaryPrimitives.ReadUInt16LittleEndian(data[DataLen..]) : 0;
        if (data.Length < CountersEnd || (declared != 0 && declared < CountersEnd))
            throw new FormatException($"struct if_data of {data.Length} bytes (ifi_datalen {declared}) is shorter than the FreeBSD 12+ layout");

        return new IfDataCounters(U64(data, IPackets), U64(data, IErrors), U64(data, OPackets), U64(data, OErrors),
            U64(data, Collisions), U64(data, IBytes), U64(data, OBytes), U64(data, IMcasts), U64(data, OMcasts),
            U64(data, IqDrops), U64(data, OqDrops), U64(data, NoProto));
    }

    private static ulong U64(ReadOnlySpan<byte> data, int offset) => BinaryPrimitives.ReadUInt64LittleEndian(data[offset..]);
}
