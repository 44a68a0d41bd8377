using System.Buffers;
using System.Buffers.Binary;
using JailMetrics.Snmp.Mib;

namespace JailMetrics.Snmp.AgentX.Protocol;

/// <summary>
/// Writes the RFC 2741 §5 encodings into a growing payload, in one byte order. We always send network
/// byte order; little-endian exists so tests can act as a peer that chose the other order.
/// </summary>
public sealed class AgentXPayloadWriter(bool bigEndian = true)
{
    private readonly ArrayBufferWriter<byte> _buffer = new(256);

    public bool IsBigEndian { get; } = bigEndian;

    public int Length => _buffer.WrittenCount;

    public ReadOnlySpan<byte> WrittenSpan => _buffer.WrittenSpan;

    public void WriteByte(byte value) => _buffer.Write([value]);

    public void WriteUInt16(ushort value)
    {
        Span<byte> bytes = _buffer.GetSpan(2);
        if (IsBigEndian) BinaryPrimitives.WriteUInt16BigEndian(bytes, value);
        else BinaryPrimitives.WriteUInt16LittleEndian(bytes, value);
        _buffer.Advance(2);
    }

    public void WriteUInt32(uint value)
    {
        Span<byte> bytes = _buffer.GetSpan(4);
        if (IsBigEndian) BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        else BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        _buffer.Advance(4);
    }

    public void WriteUInt64(ulong value)
    {
        Span<byte> bytes = _buffer.GetSpan(8);
        if (IsBigEndian) BinaryPrimitives.WriteUInt64BigEndian(bytes, value);
        else BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
        _buffer.Advance(8);
    }

    public void WriteZeros(int count)
    {
        _buffer.GetSpan(count)[..count].Clear();
        _buffer.Advance(count);
    }

    /// <summary>
    /// An Object Identifier (RFC 2741 §5.1). OIDs under 1.3.6.1.X (X in 1..255) are sent in the
    /// compressed form: prefix = X and only the sub-identifiers after it. We compress only when at
    /// least one sub-identifier follows X, so no peer ever has to handle "prefix with n_subid 0".
    /// </summary>
    public void WriteOid(Oid oid, bool include = false)
    {
        ReadOnlySpan<uint> arcs = oid.Arcs;
        byte prefix = 0;
        if (arcs.Length > 5 && arcs[0] == 1 && arcs[1] == 3 && arcs[2] == 6 && arcs[3] == 1 && arcs[4] is > 0 and <= byte.MaxValue)
        {
            prefix = (byte)arcs[4];
            arcs = arcs[5..];
        }
        // Oid caps its length at 128, which fits n_subid's single octet.
        WriteByte((byte)arcs.Length);
        WriteByte(prefix);
        WriteByte(include ? (byte)1 : (byte)0);
        WriteByte(0);
        foreach (uint arc in arcs) WriteUInt32(arc);
    }

    /// <summary>An Octet String (RFC 2741 §5.3): length, octets, zero padding to a 4-octet boundary.</summary>
    public void WriteOctetString(ReadOnlySpan<byte> value)
    {
        WriteUInt32((uint)value.Length);
        _buffer.Write(value);
        WriteZeros((4 - value.Length % 4) % 4);
    }

    public void WriteSearchRange(AgentXSearchRange range)
    {
        WriteOid(range.Start, range.Include);
        WriteOid(range.End);
    }

    /// <summary>A VarBind (RFC 2741 §5.4): v.type(2), reserved(2), v.name, then the data its type calls for.</summary>
    public void WriteVarBind(AgentXVarBind varBind)
    {
        SnmpValue value = varBind.Value;
        WriteUInt16((ushort)value.Type);
        WriteZeros(2);
        WriteOid(varBind.Name);
        switch (value.Type)
        {
            case SnmpType.Integer:
            case SnmpType.Counter32:
            case SnmpType.Gauge32:
            case SnmpType.TimeTicks:
                WriteUInt32(unchecked((uint)value.Number));
                break;
            case SnmpType.Counter64:
                WriteUInt64(value.Unsigned64);
                break;
            case SnmpType.OctetString:
            case SnmpType.IpAddress:
            case SnmpType.Opaque:
                WriteOctetString(value.Bytes);
                break;
            case SnmpType.ObjectIdentifier:
                WriteOid(value.ObjectId!);
                break;
            case SnmpType.Null:
            case SnmpType.NoSuchObject:
            case SnmpType.NoSuchInstance:
            case SnmpType.EndOfMibView:
                break; // no data (RFC 2741 §5.4)
            default:
                throw new ArgumentException($"SNMP type {value.Type} has no AgentX encoding", nameof(varBind));
        }
    }
}
