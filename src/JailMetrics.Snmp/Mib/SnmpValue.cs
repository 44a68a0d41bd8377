using System.Globalization;
using System.Text;

namespace JailMetrics.Snmp.Mib;

/// <summary>
/// One varbind value. Numbers live in <see cref="Number"/> (Integer32 as its signed value, the
/// unsigned types as their unsigned value); octet strings, IpAddress and Opaque in <see cref="Bytes"/>;
/// OBJECT IDENTIFIER in <see cref="ObjectId"/>. Immutable.
/// </summary>
public sealed class SnmpValue : IEquatable<SnmpValue>
{
    public static SnmpValue Null { get; } = new(SnmpType.Null);
    public static SnmpValue NoSuchObject { get; } = new(SnmpType.NoSuchObject);
    public static SnmpValue NoSuchInstance { get; } = new(SnmpType.NoSuchInstance);
    public static SnmpValue EndOfMibView { get; } = new(SnmpType.EndOfMibView);

    private SnmpValue(SnmpType type, long number = 0, byte[]? bytes = null, Oid? oid = null)
    {
        Type = type;
        Number = number;
        Bytes = bytes;
        ObjectId = oid;
    }

    public SnmpType Type { get; }

    /// <summary>The numeric value: signed for Integer32, unsigned (as a long, or reinterpreted for Counter64) otherwise.</summary>
    public long Number { get; }

    public byte[]? Bytes { get; }

    public Oid? ObjectId { get; }

    /// <summary>Counter64's value as the unsigned number it is.</summary>
    public ulong Unsigned64 => unchecked((ulong)Number);

    public bool IsException => Type is SnmpType.NoSuchObject or SnmpType.NoSuchInstance or SnmpType.EndOfMibView;

    public static SnmpValue Integer(int value) => new(SnmpType.Integer, value);
    public static SnmpValue Counter32(uint value) => new(SnmpType.Counter32, value);
    public static SnmpValue Gauge32(uint value) => new(SnmpType.Gauge32, value);
    public static SnmpValue TimeTicks(uint hundredths) => new(SnmpType.TimeTicks, hundredths);
    public static SnmpValue Counter64(ulong value) => new(SnmpType.Counter64, unchecked((long)value));
    public static SnmpValue OctetString(byte[] value) => new(SnmpType.OctetString, bytes: value);
    public static SnmpValue OctetString(string value) => new(SnmpType.OctetString, bytes: Encoding.UTF8.GetBytes(value));
    public static SnmpValue Opaque(byte[] value) => new(SnmpType.Opaque, bytes: value);
    public static SnmpValue ObjectIdentifier(Oid value) => new(SnmpType.ObjectIdentifier, oid: value);

    public static SnmpValue IpAddress(byte[] address) =>
        address.Length == 4 ? new(SnmpType.IpAddress, bytes: address) : throw new ArgumentException("an IpAddress has exactly 4 octets", nameof(address));

    /// <summary>A Gauge32 from any non-negative number, clamped to 2³²−1 as RFC 2578 §7.1.7 requires of gauges.</summary>
    public static SnmpValue Gauge32Clamped(double value) =>
        Gauge32(value <= 0 || double.IsNaN(value) ? 0u : value >= uint.MaxValue ? uint.MaxValue : (uint)value);

    public bool Equals(SnmpValue? other) =>
        other is not null && Type == other.Type && Number == other.Number &&
        (Bytes is null ? other.Bytes is null : other.Bytes is not null && Bytes.AsSpan().SequenceEqual(other.Bytes)) &&
        ObjectId == other.ObjectId;

    public override bool Equals(object? obj) => obj is SnmpValue other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Type, Number, Bytes?.Length, ObjectId);

    public override string ToString() => Type switch
    {
        SnmpType.Integer or SnmpType.Counter32 or SnmpType.Gauge32 or SnmpType.TimeTicks => $"{Type}: {Number.ToString(CultureInfo.InvariantCulture)}",
        SnmpType.Counter64 => $"Counter64: {Unsigned64.ToString(CultureInfo.InvariantCulture)}",
        SnmpType.OctetString => $"STRING: {Encoding.UTF8.GetString(Bytes!)}",
        SnmpType.IpAddress => $"IpAddress: {string.Join('.', Bytes!)}",
        SnmpType.ObjectIdentifier => $"OID: {ObjectId}",
        SnmpType.Opaque => $"Opaque: {Convert.ToHexString(Bytes!)}",
        _ => Type.ToString(),
    };
}
