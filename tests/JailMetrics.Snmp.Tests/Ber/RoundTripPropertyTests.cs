using System.Numerics;
using JailMetrics.Snmp.Ber;
using JailMetrics.Snmp.Mib;
using JailMetrics.Snmp.Protocol;
using JailMetrics.Snmp.Tests.Support;

namespace JailMetrics.Snmp.Tests.Ber;

/// <summary>
/// decode(encode(x)) = x over thousands of seeded random values, OIDs and messages, and the
/// encoder's integers checked against an independent oracle (BigInteger's minimal two's complement).
/// </summary>
public class RoundTripPropertyTests
{
    private const int Cases = 5000;

    [Fact]
    public void Random_values_round_trip_and_their_sizes_are_predicted()
    {
        var random = new Random(20240601);
        for (int i = 0; i < Cases; i++)
        {
            var value = RandomValues.Value(random);
            var encoded = Codec.EncodeValue(value);
            Assert.Equal(BerLength.SizeOfElement(BerValue.ContentSize(value)), encoded.Length);
            Assert.Equal(value, Codec.DecodeValue(encoded));
        }
    }

    [Fact]
    public void Integers_are_minimal_twos_complement_like_biginteger()
    {
        var random = new Random(7);
        var buffer = new byte[9];
        for (int i = 0; i < Cases * 4; i++)
        {
            long signed = RandomValues.Int64(random);
            int size = BerInteger.WriteSigned(buffer, signed);
            Assert.Equal(new BigInteger(signed).ToByteArray(isUnsigned: false, isBigEndian: true), buffer[..size]);

            ulong unsigned = (ulong)RandomValues.Int64(random);
            size = BerInteger.WriteUnsigned(buffer, unsigned);
            Assert.Equal(new BigInteger(unsigned).ToByteArray(isUnsigned: false, isBigEndian: true), buffer[..size]);
        }
    }

    [Fact]
    public void Random_oids_round_trip_and_keep_their_order()
    {
        var random = new Random(99);
        Oid? previous = null;
        byte[]? previousEncoding = null;
        for (int i = 0; i < Cases; i++)
        {
            var oid = RandomValues.Oid(random);
            var encoded = Codec.EncodeOid(oid);
            var decoded = Codec.DecodeValue(encoded).ObjectId!;
            Assert.Equal(oid, decoded);
            Assert.Equal(oid.ToString(), decoded.ToString());
            if (previous is not null && previous == oid) Assert.Equal(previousEncoding, encoded);
            previous = oid;
            previousEncoding = encoded;
        }
    }

    [Fact]
    public void Random_messages_round_trip()
    {
        var random = new Random(4242);
        PduType[] types = [PduType.GetRequest, PduType.GetNextRequest, PduType.Response, PduType.SetRequest, PduType.GetBulkRequest, PduType.InformRequest, PduType.TrapV2, PduType.Report];
        for (int i = 0; i < Cases; i++)
        {
            var type = types[random.Next(types.Length)];
            var varBinds = Enumerable.Range(0, random.Next(0, 12)).Select(_ => new VarBind(RandomValues.Oid(random), RandomValues.Value(random))).ToList();
            var community = new byte[random.Next(0, 40)];
            random.NextBytes(community);
            var message = new CommunityMessage(SnmpVersion.V2c, community,
                new Pdu(type, (int)RandomValues.Int64(random), random.Next(int.MinValue, int.MaxValue), random.Next(int.MinValue, int.MaxValue), varBinds));

            var decoded = CommunityMessageDecoder.Decode(CommunityMessageEncoder.Encode(message));

            Assert.Equal(message.Version, decoded.Version);
            Assert.Equal(message.Community, decoded.Community);
            Assert.Equal(message.Pdu.Type, decoded.Pdu.Type);
            Assert.Equal(message.Pdu.RequestId, decoded.Pdu.RequestId);
            Assert.Equal(message.Pdu.ErrorStatusField, decoded.Pdu.ErrorStatusField);
            Assert.Equal(message.Pdu.ErrorIndexField, decoded.Pdu.ErrorIndexField);
            Assert.Equal(message.Pdu.VarBinds, decoded.Pdu.VarBinds);
        }
    }
}
