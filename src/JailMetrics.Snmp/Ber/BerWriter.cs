using JailMetrics.Snmp.Mib;

namespace JailMetrics.Snmp.Ber;

/// <summary>
/// Writes BER forward into a caller-supplied (pooled) buffer. Constructed elements need their
/// content length first (definite form, RFC 3417 §8), which the callers compute with
/// <see cref="BerLength"/> and <see cref="BerValue"/> before writing, so nothing is written twice
/// and nothing is allocated. Writing past the buffer is a caller bug and throws.
/// </summary>
public ref struct BerWriter
{
    private readonly Span<byte> _buffer;
    private int _position;

    public BerWriter(Span<byte> buffer)
    {
        _buffer = buffer;
        _position = 0;
    }

    /// <summary>Octets written so far.</summary>
    public readonly int Written => _position;

    /// <summary>The identifier and length of an element whose content the caller writes next.</summary>
    public void WriteHeader(byte tag, int contentLength)
    {
        _buffer[_position++] = tag;
        _position += BerLength.Write(_buffer[_position..], contentLength);
    }

    public void WriteInteger(long value, byte tag = BerTag.Integer)
    {
        WriteHeader(tag, BerInteger.SizeOfSigned(value));
        _position += BerInteger.WriteSigned(_buffer[_position..], value);
    }

    public void WriteUnsigned(ulong value, byte tag)
    {
        WriteHeader(tag, BerInteger.SizeOfUnsigned(value));
        _position += BerInteger.WriteUnsigned(_buffer[_position..], value);
    }

    public void WriteOctetString(ReadOnlySpan<byte> value, byte tag = BerTag.OctetString)
    {
        WriteHeader(tag, value.Length);
        value.CopyTo(_buffer[_position..]);
        _position += value.Length;
    }

    public void WriteNull(byte tag = BerTag.Null) => WriteHeader(tag, 0);

    public void WriteOid(Oid oid) => WriteOctetString(oid.BerContent, BerTag.ObjectIdentifier);

    public void WriteValue(SnmpValue value)
    {
        switch (value.Type)
        {
            case SnmpType.Integer:
                WriteInteger(value.Number);
                break;
            case SnmpType.Counter32 or SnmpType.Gauge32 or SnmpType.TimeTicks or SnmpType.Counter64:
                WriteUnsigned(value.Unsigned64, (byte)value.Type);
                break;
            case SnmpType.OctetString or SnmpType.IpAddress or SnmpType.Opaque:
                WriteOctetString(value.Bytes, (byte)value.Type);
                break;
            case SnmpType.ObjectIdentifier:
                WriteOid(value.ObjectId!);
                break;
            default: // NULL and the v2 exceptions: empty contents (RFC 3416 §3)
                WriteNull((byte)value.Type);
                break;
        }
    }

    /// <summary><c>SEQUENCE { name, value }</c> (RFC 3416 §3 VarBind).</summary>
    public void WriteVarBind(Oid name, SnmpValue value)
    {
        WriteHeader(BerTag.Sequence, BerValue.VarBindContentSize(name, value));
        WriteOid(name);
        WriteValue(value);
    }
}
