namespace JailMetrics.Snmp.Ber;

/// <summary>
/// INTEGER contents (X.690 §8.3): big-endian two's complement. Encoders emit the minimal form
/// (§8.3.2: the first nine bits are never all zeros or all ones). The SNMP unsigned types
/// (Counter32, Gauge32, TimeTicks, Counter64; RFC 2578 §7.1) are non-negative INTEGERs, so a value
/// with its top bit set gets a leading <c>00</c> octet.
/// </summary>
public static class BerInteger
{
    /// <summary>Octets of the minimal two's-complement encoding of <paramref name="value"/> (1..8).</summary>
    public static int SizeOfSigned(long value)
    {
        int size = 8;
        // Drop a leading octet while it only repeats the sign bit of the next one.
        while (size > 1)
        {
            long top9 = value >> ((size - 1) * 8 - 1);
            if (top9 != 0 && top9 != -1) break;
            size--;
        }
        return size;
    }

    /// <summary>Octets of the minimal encoding of a non-negative <paramref name="value"/> (1..9).</summary>
    public static int SizeOfUnsigned(ulong value)
    {
        int size = 1;
        while (size < 9 && value >> (size * 8 - 1) != 0) size++; // room for a clear sign bit
        return size;
    }

    public static int WriteSigned(Span<byte> destination, long value)
    {
        int size = SizeOfSigned(value);
        for (int i = size - 1; i >= 0; i--)
        {
            destination[i] = (byte)value;
            value >>= 8;
        }
        return size;
    }

    public static int WriteUnsigned(Span<byte> destination, ulong value)
    {
        int size = SizeOfUnsigned(value);
        for (int i = size - 1; i >= 0; i--)
        {
            destination[i] = (byte)value;
            value >>= 8;
        }
        return size;
    }

    /// <summary>
    /// Decodes a signed INTEGER of at most <paramref name="maxOctets"/> content octets (4 for
    /// Integer32, 8 for 64 bits). Within that bound redundant leading sign octets are accepted
    /// (some managers pad request-id to four octets, and net-snmp accepts them); longer contents
    /// are refused whatever they hold, so padding cannot make the decoder walk a long run.
    /// </summary>
    public static bool TryReadSigned(ReadOnlySpan<byte> content, int maxOctets, out long value)
    {
        value = 0;
        if (content.Length == 0 || content.Length > maxOctets || content.Length > 8) return false; // X.690 §8.3.1: at least one octet
        long result = (sbyte)content[0];
        for (int i = 1; i < content.Length; i++) result = (result << 8) | content[i];
        value = result;
        return true;
    }

    /// <summary>
    /// Decodes an unsigned type of <paramref name="width"/> octets (4 or 8). Its full range needs
    /// width + 1 content octets (a leading 00 when the top bit is set), so that is the limit. A value
    /// with the sign bit set is negative and refused, with one leniency net-snmp also has (its
    /// T008asn1_clib.c test): exactly <paramref name="width"/> octets with the top bit set are read as
    /// the unsigned number they spell (<c>41 04 80 00 00 00</c> = 2147483648), since that sender
    /// plainly meant unsigned.
    /// </summary>
    public static bool TryReadUnsigned(ReadOnlySpan<byte> content, int width, out ulong value)
    {
        value = 0;
        if (content.Length == 0 || content.Length > width + 1) return false;
        if ((content[0] & 0x80) != 0)
        {
            if (content.Length != width) return false;
        }
        else if (content.Length == width + 1)
        {
            if (content[0] != 0) return false; // more than width octets of magnitude
            content = content[1..];
        }
        ulong result = 0;
        foreach (byte octet in content) result = (result << 8) | octet;
        value = result;
        return true;
    }
}
