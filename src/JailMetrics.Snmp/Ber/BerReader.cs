using JailMetrics.Snmp.Mib;

namespace JailMetrics.Snmp.Ber;

/// <summary>
/// A strict, bounded, forward-only BER reader over one buffer (X.690 with the RFC 3417 §8 subset).
/// Every length is checked against the octets that remain in the enclosing element, so nothing is
/// ever read past the datagram; identifiers must be single-octet; constructed elements nest at
/// most <see cref="MaxDepth"/> deep; OIDs hold at most <see cref="Oid.MaxLength"/> arcs. Reading
/// allocates only for what it returns (an <see cref="Oid"/>, a string's bytes); a malformed input
/// throws <see cref="BerDecodeException"/> and nothing else.
/// </summary>
public ref struct BerReader
{
    /// <summary>
    /// An SNMP message nests message → PDU → varbind list → varbind (four levels; a v3 message
    /// five), so eight leaves room and still refuses a 10 000-deep SEQUENCE bomb early.
    /// </summary>
    public const int MaxDepth = 8;

    private readonly ReadOnlySpan<byte> _data;
    private readonly int _baseOffset;
    private readonly int _depth;
    private int _position;

    public BerReader(ReadOnlySpan<byte> data)
        : this(data, baseOffset: 0, depth: 0)
    {
    }

    private BerReader(ReadOnlySpan<byte> data, int baseOffset, int depth)
    {
        _data = data;
        _baseOffset = baseOffset;
        _depth = depth;
        _position = 0;
    }

    /// <summary>True while unread octets remain in this element.</summary>
    public readonly bool HasMore => _position < _data.Length;

    /// <summary>Offset of the next octet, relative to the outermost buffer (for error messages and tests).</summary>
    public readonly int Offset => _baseOffset + _position;

    /// <summary>The identifier octet of the next element, without consuming it.</summary>
    public readonly byte PeekTag()
    {
        if (_position >= _data.Length) throw new BerDecodeException("element expected, data ended", Offset);
        return _data[_position];
    }

    /// <summary>Reads one element's identifier and length; returns its content and moves past it.</summary>
    public ReadOnlySpan<byte> ReadElement(out byte tag)
    {
        tag = PeekTag();
        if ((tag & BerTag.MultiOctetTagMarker) == BerTag.MultiOctetTagMarker)
            throw new BerDecodeException($"multi-octet identifier 0x{tag:X2} (never used by SNMP)", Offset);
        _position++;
        int length = BerLength.Read(_data, ref _position, _baseOffset);
        var content = _data.Slice(_position, length);
        _position += length;
        return content;
    }

    /// <summary>Reads an element that must carry <paramref name="expectedTag"/>; returns its content.</summary>
    public ReadOnlySpan<byte> ReadContent(byte expectedTag, out int contentOffset)
    {
        int start = Offset;
        var content = ReadElement(out byte tag);
        if (tag != expectedTag) throw new BerDecodeException($"tag 0x{tag:X2} where 0x{expectedTag:X2} was expected", start);
        contentOffset = Offset - content.Length;
        return content;
    }

    /// <summary>Enters a constructed element (SEQUENCE, PDU) with <paramref name="expectedTag"/>: a reader over its content.</summary>
    public BerReader ReadConstructed(byte expectedTag)
    {
        if ((expectedTag & BerTag.ConstructedBit) == 0) throw new ArgumentException($"0x{expectedTag:X2} is not a constructed tag", nameof(expectedTag));
        if (_depth >= MaxDepth) throw new BerDecodeException($"nesting deeper than {MaxDepth}", Offset);
        var content = ReadContent(expectedTag, out int contentOffset);
        return new BerReader(content, contentOffset, _depth + 1);
    }

    /// <summary>Fails unless every octet of this element was consumed (no trailing garbage).</summary>
    public readonly void ExpectEnd()
    {
        if (HasMore) throw new BerDecodeException($"{_data.Length - _position} unexpected trailing octets", Offset);
    }

    /// <summary>INTEGER (tag 02) as Integer32 (RFC 2578 §7.1.1).</summary>
    public int ReadInteger32()
    {
        int start = Offset;
        var content = ReadContent(BerTag.Integer, out _);
        if (!BerInteger.TryReadSigned(content, 4, out long value)) throw new BerDecodeException("INTEGER outside Integer32", start);
        return (int)value;
    }

    public ReadOnlySpan<byte> ReadOctetString() => ReadContent(BerTag.OctetString, out _);

    public void ReadNull()
    {
        int start = Offset;
        if (ReadContent(BerTag.Null, out _).Length != 0) throw new BerDecodeException("NULL with content (X.690 §8.8.2)", start);
    }

    public Oid ReadOid()
    {
        var content = ReadContent(BerTag.ObjectIdentifier, out int contentOffset);
        return DecodeOid(content, contentOffset);
    }

    /// <summary>
    /// Any varbind value (RFC 3416 §3 ObjectSyntax, plus the v2 exceptions). Each type's content is
    /// checked: IpAddress exactly four octets, the unsigned types within 32 or 64 bits, exceptions
    /// and NULL empty.
    /// </summary>
    public SnmpValue ReadValue()
    {
        int start = Offset;
        var content = ReadElement(out byte tag);
        int contentOffset = Offset - content.Length;
        switch ((SnmpType)tag)
        {
            case SnmpType.Integer:
                if (!BerInteger.TryReadSigned(content, 4, out long integer)) throw new BerDecodeException("INTEGER outside Integer32", start);
                return SnmpValue.Integer((int)integer);
            case SnmpType.OctetString:
                return SnmpValue.OctetString(content.ToArray());
            case SnmpType.Null:
                RequireEmpty(content, start);
                return SnmpValue.Null;
            case SnmpType.ObjectIdentifier:
                return SnmpValue.ObjectIdentifier(DecodeOid(content, contentOffset));
            case SnmpType.IpAddress:
                if (content.Length != 4) throw new BerDecodeException("IpAddress of other than 4 octets (RFC 2578 §7.1.5)", start);
                return SnmpValue.IpAddress(content.ToArray());
            case SnmpType.Counter32:
                return SnmpValue.Counter32(ReadUnsigned32(content, start));
            case SnmpType.Gauge32:
                return SnmpValue.Gauge32(ReadUnsigned32(content, start));
            case SnmpType.TimeTicks:
                return SnmpValue.TimeTicks(ReadUnsigned32(content, start));
            case SnmpType.Opaque:
                return SnmpValue.Opaque(content.ToArray());
            case SnmpType.Counter64:
                if (!BerInteger.TryReadUnsigned(content, 8, out ulong counter64)) throw new BerDecodeException("Counter64 outside 0..2^64-1", start);
                return SnmpValue.Counter64(counter64);
            case SnmpType.NoSuchObject:
                RequireEmpty(content, start);
                return SnmpValue.NoSuchObject;
            case SnmpType.NoSuchInstance:
                RequireEmpty(content, start);
                return SnmpValue.NoSuchInstance;
            case SnmpType.EndOfMibView:
                RequireEmpty(content, start);
                return SnmpValue.EndOfMibView;
            default:
                throw new BerDecodeException($"tag 0x{tag:X2} is not an SNMP value type", start);
        }
    }

    private static uint ReadUnsigned32(ReadOnlySpan<byte> content, int start)
    {
        if (!BerInteger.TryReadUnsigned(content, 4, out ulong value)) throw new BerDecodeException("unsigned value outside 0..2^32-1", start);
        return (uint)value;
    }

    private static void RequireEmpty(ReadOnlySpan<byte> content, int start)
    {
        if (content.Length != 0) throw new BerDecodeException("element must be empty", start);
    }

    private static Oid DecodeOid(ReadOnlySpan<byte> content, int contentOffset)
    {
        Span<uint> arcs = stackalloc uint[Oid.MaxLength];
        int count = BerOid.Read(content, arcs, contentOffset);
        return Oid.Adopt(arcs[..count].ToArray());
    }
}
