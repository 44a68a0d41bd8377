namespace JailMetrics.Snmp.Ber;

/// <summary>
/// Definite-form length octets (X.690 §8.1.3). Encoders emit the minimal form: one octet below
/// 128, else <c>0x80 | n</c> and n big-endian octets. RFC 3417 §8 allows more length octets than
/// the minimum, so the reader accepts <c>82 00 05</c>; it refuses the indefinite form
/// (<c>80</c>, prohibited by RFC 3417 §8) and any length beyond the bytes actually present.
/// </summary>
public static class BerLength
{
    /// <summary>Longest length field we accept: 0x80|n plus n octets, n ≤ 8 (net-snmp's own bound is sizeof(long)).</summary>
    public const int MaxLengthOctets = 8;

    /// <summary>How many octets the minimal length field for <paramref name="length"/> takes.</summary>
    public static int SizeOf(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (length < 0x80) return 1;
        if (length <= 0xFF) return 2;
        if (length <= 0xFFFF) return 3;
        if (length <= 0xFFFFFF) return 4;
        return 5;
    }

    /// <summary>Tag + length + content: the whole encoded size of an element with this content length.</summary>
    public static int SizeOfElement(int contentLength) => 1 + SizeOf(contentLength) + contentLength;

    /// <summary>Writes the minimal length field; returns the octets written.</summary>
    public static int Write(Span<byte> destination, int length)
    {
        int size = SizeOf(length);
        if (size == 1)
        {
            destination[0] = (byte)length;
            return 1;
        }
        int octets = size - 1;
        destination[0] = (byte)(0x80 | octets);
        for (int i = octets; i >= 1; i--)
        {
            destination[i] = (byte)length;
            length >>= 8;
        }
        return size;
    }

    /// <summary>
    /// Reads a length field at <paramref name="offset"/> of <paramref name="source"/>; the content it
    /// announces must fit in what follows. <paramref name="baseOffset"/> only positions error messages.
    /// </summary>
    public static int Read(ReadOnlySpan<byte> source, ref int offset, int baseOffset)
    {
        if (offset >= source.Length) throw new BerDecodeException("length missing", baseOffset + offset);
        byte first = source[offset++];
        int length;
        if (first < 0x80)
        {
            length = first;
        }
        else
        {
            int octets = first & 0x7F;
            if (octets == 0) throw new BerDecodeException("indefinite length (prohibited by RFC 3417 §8)", baseOffset + offset - 1);
            if (octets > MaxLengthOctets) throw new BerDecodeException($"{octets} length octets", baseOffset + offset - 1);
            if (octets > source.Length - offset) throw new BerDecodeException("length octets truncated", baseOffset + offset);
            long value = 0;
            for (int i = 0; i < octets; i++)
            {
                value = (value << 8) | source[offset++];
                // Stop as soon as the length exceeds the datagram: later octets cannot shrink it.
                if (value > source.Length) throw new BerDecodeException("length beyond the data", baseOffset + offset);
            }
            length = (int)value;
        }
        if (length > source.Length - offset) throw new BerDecodeException($"length {length} beyond the {source.Length - offset} octets left", baseOffset + offset);
        return length;
    }
}
