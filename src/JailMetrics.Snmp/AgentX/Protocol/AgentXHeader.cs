using System.Buffers.Binary;

namespace JailMetrics.Snmp.AgentX.Protocol;

/// <summary>
/// The fixed 20-octet header that starts every AgentX PDU (RFC 2741 §6.1):
/// <c>version type flags reserved | sessionID | transactionID | packetID | payload_length</c>.
/// The four 32-bit fields are in the byte order that the NETWORK_BYTE_ORDER flag announces.
/// </summary>
public readonly record struct AgentXHeader(
    AgentXPduType Type,
    AgentXHeaderFlags Flags,
    uint SessionId,
    uint TransactionId,
    uint PacketId,
    uint PayloadLength)
{
    public const int Size = 20;

    /// <summary>h.version: the only version RFC 2741 defines.</summary>
    public const byte Version = 1;

    /// <summary>
    /// Our bound on payload_length. RFC 2741 sets none; no PDU a sub-agent legitimately receives comes
    /// near it, and without one a hostile or broken peer could make us allocate 4 GiB.
    /// </summary>
    public const uint MaxPayloadLength = 1024 * 1024;

    public bool IsBigEndian => (Flags & AgentXHeaderFlags.NetworkByteOrder) != 0;

    public bool HasNonDefaultContext => (Flags & AgentXHeaderFlags.NonDefaultContext) != 0;

    public void WriteTo(Span<byte> destination)
    {
        if (destination.Length < Size) throw new ArgumentException($"an AgentX header needs {Size} octets", nameof(destination));
        destination[0] = Version;
        destination[1] = (byte)Type;
        destination[2] = (byte)Flags;
        destination[3] = 0;
        WriteUInt32(destination[4..], SessionId);
        WriteUInt32(destination[8..], TransactionId);
        WriteUInt32(destination[12..], PacketId);
        WriteUInt32(destination[16..], PayloadLength);
    }

    /// <summary>
    /// Reads and checks a header: version 1, a type RFC 2741 defines, a payload length that is a
    /// multiple of 4 (every AgentX encoding is 4-aligned, §5) and within <see cref="MaxPayloadLength"/>.
    /// </summary>
    /// <exception cref="AgentXFormatException">the header is not one we accept.</exception>
    public static AgentXHeader Read(ReadOnlySpan<byte> source)
    {
        if (source.Length < Size) throw new AgentXFormatException($"an AgentX header is {Size} octets, not {source.Length}");
        if (source[0] != Version) throw new AgentXFormatException($"AgentX version {source[0]} is not supported (only {Version})");
        byte type = source[1];
        if (type < (byte)AgentXPduType.Open || type > (byte)AgentXPduType.Response)
            throw new AgentXFormatException($"unknown AgentX PDU type {type}");

        var flags = (AgentXHeaderFlags)source[2];
        bool bigEndian = (flags & AgentXHeaderFlags.NetworkByteOrder) != 0;
        var header = new AgentXHeader(
            (AgentXPduType)type,
            flags,
            ReadUInt32(source[4..], bigEndian),
            ReadUInt32(source[8..], bigEndian),
            ReadUInt32(source[12..], bigEndian),
            ReadUInt32(source[16..], bigEndian));

        if (header.PayloadLength % 4 != 0)
            throw new AgentXFormatException($"AgentX payload length {header.PayloadLength} is not a multiple of 4");
        if (header.PayloadLength > MaxPayloadLength)
            throw new AgentXFormatException($"AgentX payload length {header.PayloadLength} exceeds our limit of {MaxPayloadLength}");
        return header;
    }

    private void WriteUInt32(Span<byte> destination, uint value)
    {
        if (IsBigEndian) BinaryPrimitives.WriteUInt32BigEndian(destination, value);
        else BinaryPrimitives.WriteUInt32LittleEndian(destination, value);
    }

    private static uint ReadUInt32(ReadOnlySpan<byte> source, bool bigEndian) =>
        bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(source) : BinaryPrimitives.ReadUInt32LittleEndian(source);
}
