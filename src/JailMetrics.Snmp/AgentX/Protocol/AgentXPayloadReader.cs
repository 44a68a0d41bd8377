using System.Buffers.Binary;
using JailMetrics.Snmp.Mib;

namespace JailMetrics.Snmp.AgentX.Protocol;

/// <summary>
/// Reads the RFC 2741 §5 encodings from one PDU's payload, in the byte order its header announced.
/// Every read is bounds-checked against the payload: a length or count that points past the end is an
/// <see cref="AgentXFormatException"/>, never an out-of-range read or an oversized allocation.
/// </summary>
public ref struct AgentXPayloadReader(ReadOnlySpan<byte> payload, bool bigEndian)
{
    /// <summary>The first sub-identifiers that an OID's prefix field stands for (RFC 2741 §5.1).</summary>
    private static readonly uint[] InternetPrefix = [1, 3, 6, 1];

    private readonly ReadOnlySpan<byte> _payload = payload;
    private int _position;

    public readonly bool IsAtEnd => _position == _payload.Length;

    public readonly int Remaining => _payload.Length - _position;

    public byte ReadByte() => Take(1)[0];

    public ushort ReadUInt16()
    {
        var bytes = Take(2);
        return bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(bytes) : BinaryPrimitives.ReadUInt16LittleEndian(bytes);
    }

    public uint ReadUInt32()
    {
        var bytes = Take(4);
        return bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(bytes) : BinaryPrimitives.ReadUInt32LittleEndian(bytes);
    }

    public ulong ReadUInt64()
    {
        var bytes = Take(8);
        return bigEndian ? BinaryPrimitives.ReadUInt64BigEndian(bytes) : BinaryPrimitives.ReadUInt64LittleEndian(bytes);
    }

    /// <summary>Skips reserved octets; RFC 2741 says receivers ignore their content.</summary>
    public void Skip(int count) => Take(count);

    /// <summary>An Object Identifier (RFC 2741 §5.1): n_subid, prefix, include, reserved, then n_subid sub-identifiers.</summary>
    public Oid ReadOid(out bool include)
    {
        byte subIdCount = ReadByte();
        byte prefix = ReadByte();
        byte includeByte = ReadByte();
        Skip(1);
        include = includeByte != 0;

        int prefixLength = prefix == 0 ? 0 : InternetPrefix.Length + 1;
        if (subIdCount + prefixLength > Oid.MaxLength)
            throw new AgentXFormatException($"an OID of {subIdCount + prefixLength} sub-identifiers exceeds the maximum of {Oid.MaxLength}");
        if (subIdCount * 4 > Remaining)
            throw new AgentXFormatException($"an OID claims {subIdCount} sub-identifiers but only {Remaining} octets remain");

        Span<uint> arcs = stackalloc uint[subIdCount + prefixLength];
        if (prefix != 0)
        {
            InternetPrefix.CopyTo(arcs);
            arcs[InternetPrefix.Length] = prefix;
        }
        for (int i = prefixLength; i < arcs.Length; i++) arcs[i] = ReadUInt32();
        return new Oid(arcs);
    }

    public Oid ReadOid() => ReadOid(out _);

    /// <summary>An Octet String (RFC 2741 §5.3): a 4-octet length, the octets, zero padding to a multiple of 4.</summary>
    public byte[] ReadOctetString()
    {
        uint length = ReadUInt32();
        long padded = (length + 3L) & ~3L;
        if (padded > Remaining)
            throw new AgentXFormatException($"an Octet String claims {length} octets but only {Remaining} remain");
        byte[] value = _payload.Slice(_position, (int)length).ToArray();
        _position += (int)padded;
        return value;
    }

    /// <summary>A SearchRange (RFC 2741 §5.2): start OID (whose include field matters) then end OID.</summary>
    public AgentXSearchRange ReadSearchRange()
    {
        Oid start = ReadOid(out bool include);
        Oid end = ReadOid();
        return new AgentXSearchRange(start, include, end);
    }

    /// <summary>A SearchRangeList: SearchRanges up to the end of the payload.</summary>
    public List<AgentXSearchRange> ReadSearchRangesToEnd()
    {
        var ranges = new List<AgentXSearchRange>();
        while (!IsAtEnd) ranges.Add(ReadSearchRange());
        return ranges;
    }

    /// <summary>A VarBind (RFC 2741 §5.4): v.type(2), reserved(2), v.name, v.data as the type dictates.</summary>
    public AgentXVarBind ReadVarBind()
    {
        ushort type = ReadUInt16();
        Skip(2);
        Oid name = ReadOid();
        SnmpValue value = type switch
        {
            (ushort)SnmpType.Integer => SnmpValue.Integer(unchecked((int)ReadUInt32())),
            (ushort)SnmpType.OctetString => SnmpValue.OctetString(ReadOctetString()),
            (ushort)SnmpType.Null => SnmpValue.Null,
            (ushort)SnmpType.ObjectIdentifier => SnmpValue.ObjectIdentifier(ReadOid()),
            (ushort)SnmpType.IpAddress => ReadIpAddress(),
            (ushort)SnmpType.Counter32 => SnmpValue.Counter32(ReadUInt32()),
            (ushort)SnmpType.Gauge32 => SnmpValue.Gauge32(ReadUInt32()),
            (ushort)SnmpType.TimeTicks => SnmpValue.TimeTicks(ReadUInt32()),
            (ushort)SnmpType.Opaque => SnmpValue.Opaque(ReadOctetString()),
            (ushort)SnmpType.Counter64 => SnmpValue.Counter64(ReadUInt64()),
            (ushort)SnmpType.NoSuchObject => SnmpValue.NoSuchObject,
            (ushort)SnmpType.NoSuchInstance => SnmpValue.NoSuchInstance,
            (ushort)SnmpType.EndOfMibView => SnmpValue.EndOfMibView,
            _ => throw new AgentXFormatException($"unknown VarBind type {type}"),
        };
        return new AgentXVarBind(name, value);
    }

    /// <summary>A VarBindList: VarBinds up to the end of the payload.</summary>
    public List<AgentXVarBind> ReadVarBindsToEnd()
    {
        var varBinds = new List<AgentXVarBind>();
        while (!IsAtEnd) varBinds.Add(ReadVarBind());
        return varBinds;
    }

    /// <summary>Fails unless the whole payload was consumed: trailing octets mean we misread the layout.</summary>
    public readonly void ExpectEnd(AgentXPduType type)
    {
        if (!IsAtEnd) throw new AgentXFormatException($"{Remaining} unexpected octets after the {type} payload");
    }

    // RFC 2741 §5.4: an IpAddress travels as an Octet String, which must then hold exactly 4 octets.
    private SnmpValue ReadIpAddress()
    {
        byte[] address = ReadOctetString();
        if (address.Length != 4) throw new AgentXFormatException($"an IpAddress has 4 octets, not {address.Length}");
        return SnmpValue.IpAddress(address);
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > Remaining) throw new AgentXFormatException($"the PDU ends early: {count} octets needed, {Remaining} remain");
        var slice = _payload.Slice(_position, count);
        _position += count;
        return slice;
    }
}
