using JailMetrics.Snmp.Ber;
using JailMetrics.Snmp.Mib;
using JailMetrics.Snmp.Tests.Support;

namespace JailMetrics.Snmp.Tests.Ber;

/// <summary>Byte-exact vectors from reference/snmp.md §1.6 (X.690, RFC 3417 §8), both directions.</summary>
public class BerVectorTests
{
    public static TheoryData<string, string> Values => new()
    {
        // INTEGER rows match net-snmp's T008asn1_clib.c
        { "INTEGER 0", "02 01 00" },
        { "INTEGER 127", "02 01 7f" },
        { "INTEGER 128", "02 02 00 80" },
        { "INTEGER 256", "02 02 01 00" },
        { "INTEGER -1", "02 01 ff" },
        { "INTEGER -128", "02 01 80" },
        { "INTEGER -129", "02 02 ff 7f" },
        { "INTEGER 2147483647", "02 04 7f ff ff ff" },
        { "INTEGER -2147483648", "02 04 80 00 00 00" },
        { "Counter32 2147483648", "41 05 00 80 00 00 00" },
        { "Counter32 4294967295", "41 05 00 ff ff ff ff" },
        { "TimeTicks 100", "43 01 64" },
        { "Counter64 9223372036854775808", "46 09 00 80 00 00 00 00 00 00 00" },
        { "Counter64 18446744073709551615", "46 09 00 ff ff ff ff ff ff ff ff" },
        { "IpAddress 192.0.2.1", "40 04 c0 00 02 01" },
        { "OID 1.3.6.1.2.1.1.1.0", "06 08 2b 06 01 02 01 01 01 00" },
        { "OID 1.3.6.1.4.1.32473.1", "06 09 2b 06 01 04 01 81 fd 59 01" },
        { "OID 2.999.3", "06 03 88 37 03" },
        { "OID 1.3.6.1.4.1.2021.4294967295", "06 0c 2b 06 01 04 01 8f 65 8f ff ff ff 7f" },
        { "Gauge32 0", "42 01 00" },
        { "OCTET STRING jailx", "04 05 6a 61 69 6c 78" },
        { "OCTET STRING empty", "04 00" },
        { "NULL", "05 00" },
        { "Opaque float 1.5", "44 07 9f 78 04 3f c0 00 00" },
        { "noSuchObject", "80 00" },
        { "noSuchInstance", "81 00" },
        { "endOfMibView", "82 00" },
    };

    [Theory]
    [MemberData(nameof(Values))]
    public void Encodes_exactly_and_decodes_back(string description, string hex)
    {
        var value = Parse(description);
        Assert.Equal(hex, Hex.Of(Codec.EncodeValue(value)));
        Assert.Equal(value, Codec.DecodeValue(Hex.Bytes(hex)));
    }

    [Theory]
    [InlineData(0, "00")]
    [InlineData(5, "05")]
    [InlineData(127, "7f")]
    [InlineData(128, "81 80")]
    [InlineData(255, "81 ff")]
    [InlineData(256, "82 01 00")]
    [InlineData(65535, "82 ff ff")]
    [InlineData(65536, "83 01 00 00")]
    public void Lengths_are_written_in_minimal_definite_form(int length, string hex)
    {
        var buffer = new byte[8];
        int written = BerLength.Write(buffer, length);
        Assert.Equal(hex, Hex.Of(buffer.AsSpan(0, written)));
        Assert.Equal(written, BerLength.SizeOf(length));
    }

    [Theory]
    [InlineData("04 82 00 05 68 65 6c 6c 6f")]         // RFC 3417 §8: more length octets than needed are permitted
    [InlineData("04 81 05 68 65 6c 6c 6f")]            // long form for a short length
    [InlineData("04 84 00 00 00 05 68 65 6c 6c 6f")]
    public void Non_minimal_long_form_lengths_are_accepted(string hex)
    {
        Assert.Equal(SnmpValue.OctetString("hello"), Codec.DecodeValue(Hex.Bytes(hex)));
    }

    [Fact]
    public void Long_content_round_trips_with_long_form_lengths()
    {
        foreach (int size in new[] { 127, 128, 255, 256, 1000, 65535, 65536 })
        {
            var value = SnmpValue.OctetString(Enumerable.Range(0, size).Select(i => (byte)i).ToArray());
            var encoded = Codec.EncodeValue(value);
            Assert.Equal(value, Codec.DecodeValue(encoded));
        }
    }

    [Theory]
    [InlineData("02 02 00 01", 1)]          // redundant leading 00: accepted like net-snmp (some managers pad request-ids)
    [InlineData("02 04 00 00 00 01", 1)]
    [InlineData("02 02 ff ff", -1)]
    public void Padded_integers_decode_to_their_value(string hex, int expected)
    {
        Assert.Equal(expected, Codec.DecodeInteger32(Hex.Bytes(hex)));
    }

    [Fact]
    public void Four_octet_unsigned_with_the_top_bit_set_is_read_as_unsigned_like_net_snmp()
    {
        Assert.Equal(SnmpValue.Counter32(2147483648), Codec.DecodeValue(Hex.Bytes("41 04 80 00 00 00")));
        Assert.Equal(SnmpValue.Counter64(ulong.MaxValue), Codec.DecodeValue(Hex.Bytes("46 08 ff ff ff ff ff ff ff ff")));
    }

    [Theory]
    [InlineData("02 00", "empty INTEGER")]
    [InlineData("02 05 01 00 00 00 00", "Integer32 overflow")]
    [InlineData("02 05 00 ff ff ff ff", "4294967295 is no Integer32")]
    [InlineData("02 05 ff 80 00 00 00", "Integer32 content longer than 4 octets")]
    [InlineData("41 06 00 00 00 00 00 01", "Counter32 of 6 octets")]
    [InlineData("41 05 01 00 00 00 00", "Counter32 of 2^32 in 5 octets")]
    [InlineData("41 01 ff", "negative Counter32")]
    [InlineData("41 06 00 01 00 00 00 00", "Counter32 of 2^32")]
    [InlineData("46 0a 00 00 ff ff ff ff ff ff ff ff", "Counter64 of 10 octets")]
    [InlineData("46 09 01 00 00 00 00 00 00 00 00", "Counter64 of 2^64")]
    [InlineData("40 03 c0 00 02", "IpAddress of 3 octets")]
    [InlineData("05 01 00", "NULL with content")]
    [InlineData("80 01 00", "exception with content")]
    [InlineData("06 00", "empty OID")]
    [InlineData("06 02 2b 86", "OID ends inside a sub-identifier")]
    [InlineData("06 03 2b 80 01", "sub-identifier with leading 0x80")]
    [InlineData("06 07 2b 90 80 80 80 00", "sub-identifier of 2^32")]
    [InlineData("04 80 00 00", "indefinite length")]
    [InlineData("04 05 61 62", "length beyond the data")]
    [InlineData("04 84 ff ff ff ff", "length 2^32-1")]
    [InlineData("04 89 00 00 00 00 00 00 00 00 01 61", "nine length octets")]
    [InlineData("04", "length missing")]
    [InlineData("1f 01 01 00", "multi-octet tag")]
    [InlineData("24 03 04 01 61", "constructed OCTET STRING")]
    [InlineData("47 01 00", "unknown application tag")]
    [InlineData("30 00", "SEQUENCE where a value belongs")]
    public void Malformed_values_are_refused(string hex, string why)
    {
        var exception = Assert.Throws<BerDecodeException>(() => Codec.DecodeValue(Hex.Bytes(hex)));
        Assert.False(string.IsNullOrEmpty(exception.Message), why);
    }

    [Fact]
    public void Oids_longer_than_128_sub_identifiers_are_refused()
    {
        var arcs128 = Enumerable.Repeat(1u, 128).ToArray();
        arcs128[0] = 1; arcs128[1] = 3;
        Assert.Equal(new Oid(arcs128), Codec.DecodeValue(Codec.EncodeOid(new Oid(arcs128))).ObjectId);

        // 129 and 10 000 sub-identifiers, built by hand since Oid itself refuses them.
        foreach (int arcs in new[] { 129, 10_000 })
        {
            var content = new byte[arcs - 1];
            content.AsSpan().Fill(0x01);
            content[0] = 0x2b;
            var encoded = new byte[1 + BerLength.SizeOf(content.Length) + content.Length];
            encoded[0] = 0x06;
            int offset = 1 + BerLength.Write(encoded.AsSpan(1), content.Length);
            content.CopyTo(encoded, offset);
            Assert.Throws<BerDecodeException>(() => Codec.DecodeValue(encoded));
        }
    }

    [Fact]
    public void First_arcs_follow_the_40x_plus_y_rule()
    {
        Assert.Equal("06 01 00", Hex.Of(Codec.EncodeOid(Oid.Parse("0.0"))));
        Assert.Equal("06 01 27", Hex.Of(Codec.EncodeOid(Oid.Parse("0.39"))));
        Assert.Equal("06 01 28", Hex.Of(Codec.EncodeOid(Oid.Parse("1.0"))));
        Assert.Equal("06 01 4f", Hex.Of(Codec.EncodeOid(Oid.Parse("1.39"))));
        Assert.Equal("06 01 50", Hex.Of(Codec.EncodeOid(Oid.Parse("2.0"))));
        Assert.Throws<ArgumentException>(() => Codec.EncodeOid(Oid.Parse("1.40")));
        Assert.Throws<ArgumentException>(() => Codec.EncodeOid(Oid.Parse("3.1")));
        Assert.Throws<ArgumentException>(() => Codec.EncodeOid(Oid.Parse("1")));
        Assert.Equal(Oid.Parse("2.999.3"), Codec.DecodeValue(Hex.Bytes("06 03 88 37 03")).ObjectId);
    }

    [Fact]
    public void Nesting_is_capped()
    {
        // 10 000 nested SEQUENCEs, each with a 3-octet length: the reader stops at MaxDepth.
        const int depth = 10_000;
        var bytes = new List<byte>();
        for (int level = 0; level < depth; level++)
        {
            int remaining = (depth - level - 1) * 5;
            bytes.AddRange([0x30, 0x83, (byte)(remaining >> 16), (byte)(remaining >> 8), (byte)remaining]);
        }
        var data = bytes.ToArray();
        Assert.Throws<BerDecodeException>(() =>
        {
            var reader = new BerReader(data);
            for (int level = 0; level < depth; level++) reader = reader.ReadConstructed(BerTag.Sequence);
        });
    }

    private static SnmpValue Parse(string description)
    {
        int space = description.IndexOf(' ');
        string kind = space < 0 ? description : description[..space];
        string argument = space < 0 ? "" : description[(space + 1)..];
        return kind switch
        {
            "INTEGER" => SnmpValue.Integer(int.Parse(argument)),
            "Counter32" => SnmpValue.Counter32(uint.Parse(argument)),
            "Gauge32" => SnmpValue.Gauge32(uint.Parse(argument)),
            "TimeTicks" => SnmpValue.TimeTicks(uint.Parse(argument)),
            "Counter64" => SnmpValue.Counter64(ulong.Parse(argument)),
            "IpAddress" => SnmpValue.IpAddress(argument.Split('.').Select(byte.Parse).ToArray()),
            "OID" => SnmpValue.ObjectIdentifier(Oid.Parse(argument)),
            "OCTET" => SnmpValue.OctetString(argument == "STRING empty" ? "" : argument["STRING ".Length..]),
            "NULL" => SnmpValue.Null,
            "Opaque" => SnmpValue.Opaque(Hex.Bytes("9f 78 04 3f c0 00 00")),
            "noSuchObject" => SnmpValue.NoSuchObject,
            "noSuchInstance" => SnmpValue.NoSuchInstance,
            "endOfMibView" => SnmpValue.EndOfMibView,
            _ => throw new ArgumentException(description),
        };
    }
}
