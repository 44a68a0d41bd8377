using JailMetrics.Snmp.Mib;

namespace JailMetrics.Snmp.Ber;

/// <summary>
/// OBJECT IDENTIFIER contents (X.690 §8.19): the first two arcs X.Y travel as one sub-identifier
/// 40·X+Y; each sub-identifier is base-128 big-endian with bit 8 set on every octet but the last,
/// and never starts with a redundant <c>80</c> octet (§8.19.2).
/// </summary>
public static class BerOid
{
    /// <summary>Content octets for <paramref name="arcs"/>; needs at least two arcs, X ≤ 2 and Y ≤ 39 unless X = 2 (X.690 §8.19.4).</summary>
    public static int SizeOf(ReadOnlySpan<uint> arcs)
    {
        ValidateFirstArcs(arcs);
        int size = SizeOfSubIdentifier(FirstSubIdentifier(arcs));
        for (int i = 2; i < arcs.Length; i++) size += SizeOfSubIdentifier(arcs[i]);
        return size;
    }

    public static int Write(Span<byte> destination, ReadOnlySpan<uint> arcs)
    {
        ValidateFirstArcs(arcs);
        int written = WriteSubIdentifier(destination, FirstSubIdentifier(arcs));
        for (int i = 2; i < arcs.Length; i++) written += WriteSubIdentifier(destination[written..], arcs[i]);
        return written;
    }

    /// <summary>The content octets as a new array: what <see cref="Oid"/> caches so encoding it again is a copy.</summary>
    public static byte[] Encode(ReadOnlySpan<uint> arcs)
    {
        var content = new byte[SizeOf(arcs)];
        Write(content, arcs);
        return content;
    }

    /// <summary>
    /// Decodes contents into <paramref name="arcs"/> (its length caps the arc count, normally
    /// <see cref="Oid.MaxLength"/>); returns the arc count. <paramref name="baseOffset"/> positions errors.
    /// </summary>
    public static int Read(ReadOnlySpan<byte> content, Span<uint> arcs, int baseOffset)
    {
        if (content.Length == 0) throw new BerDecodeException("empty OBJECT IDENTIFIER", baseOffset);
        int count = 0;
        int offset = 0;
        while (offset < content.Length)
        {
            int start = offset;
            if (content[offset] == 0x80) throw new BerDecodeException("sub-identifier with a leading 0x80 octet (X.690 §8.19.2)", baseOffset + offset);
            ulong subIdentifier = 0;
            byte octet;
            do
            {
                if (offset >= content.Length) throw new BerDecodeException("OBJECT IDENTIFIER ends inside a sub-identifier", baseOffset + start);
                octet = content[offset++];
                subIdentifier = (subIdentifier << 7) | (uint)(octet & 0x7F);
                if (subIdentifier > uint.MaxValue) throw new BerDecodeException("sub-identifier above 4294967295 (RFC 2578 §3.5)", baseOffset + start);
            }
            while ((octet & 0x80) != 0);

            if (count == 0)
            {
                // X.690 §8.19.4: 0..39 → 0.Y, 40..79 → 1.Y, 80.. → 2.(v−80).
                if (arcs.Length < 2) throw new BerDecodeException("OBJECT IDENTIFIER too long", baseOffset + start);
                uint first = subIdentifier < 40 ? 0u : subIdentifier < 80 ? 1u : 2u;
                arcs[0] = first;
                arcs[1] = (uint)subIdentifier - first * 40;
                count = 2;
            }
            else
            {
                if (count >= arcs.Length) throw new BerDecodeException($"OBJECT IDENTIFIER longer than {arcs.Length} sub-identifiers (RFC 2578 §3.5)", baseOffset + start);
                arcs[count++] = (uint)subIdentifier;
            }
        }
        return count;
    }

    private static void ValidateFirstArcs(ReadOnlySpan<uint> arcs)
    {
        if (arcs.Length < 2) throw new ArgumentException("BER needs at least two arcs to encode an OBJECT IDENTIFIER (X.690 §8.19.4)", nameof(arcs));
        if (arcs[0] > 2 || (arcs[0] < 2 && arcs[1] > 39) || (arcs[0] == 2 && arcs[1] > uint.MaxValue - 80))
            throw new ArgumentException($"first arcs {arcs[0]}.{arcs[1]} cannot be encoded (X.690 §8.19.4)", nameof(arcs));
    }

    private static uint FirstSubIdentifier(ReadOnlySpan<uint> arcs) => arcs[0] * 40 + arcs[1];

    private static int SizeOfSubIdentifier(uint value)
    {
        int size = 1;
        while ((value >>= 7) != 0) size++;
        return size;
    }

    private static int WriteSubIdentifier(Span<byte> destination, uint value)
    {
        int size = SizeOfSubIdentifier(value);
        for (int i = size - 1; i >= 0; i--)
        {
            destination[i] = (byte)((value & 0x7F) | (i == size - 1 ? 0u : 0x80u));
            value >>= 7;
        }
        return size;
    }
}
