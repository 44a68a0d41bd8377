using JailMetrics.Snmp.Mib;

namespace JailMetrics.Snmp.Tests.Support;

/// <summary>Seeded random SNMP values and OIDs, biased towards the edges where encodings change size.</summary>
internal static class RandomValues
{
    private static readonly long[] Edges = [0, 1, -1, 127, 128, -128, -129, 255, 256, 32767, 32768, -32769, int.MaxValue, int.MinValue, uint.MaxValue, long.MaxValue, long.MinValue];

    public static long Int64(Random random) => random.Next(4) switch
    {
        0 => Edges[random.Next(Edges.Length)],
        1 => random.NextInt64() >> random.Next(64),
        2 => -(random.NextInt64() >> random.Next(64)),
        _ => random.NextInt64(long.MinValue, long.MaxValue),
    };

    public static uint UInt32(Random random) => unchecked((uint)Int64(random));

    public static Oid Oid(Random random)
    {
        int length = random.Next(2, random.Next(3) == 0 ? Mib.Oid.MaxLength + 1 : 16);
        var arcs = new uint[length];
        arcs[0] = (uint)random.Next(3);
        arcs[1] = arcs[0] == 2 ? UInt32(random) % (uint.MaxValue - 80) : (uint)random.Next(40);
        for (int i = 2; i < length; i++) arcs[i] = random.Next(3) == 0 ? UInt32(random) : (uint)random.Next(300);
        return new Oid(arcs);
    }

    public static SnmpValue Value(Random random)
    {
        switch (random.Next(11))
        {
            case 0: return SnmpValue.Integer(unchecked((int)Int64(random)));
            case 1:
                var text = new byte[random.Next(0, random.Next(10) == 0 ? 2000 : 40)];
                random.NextBytes(text);
                return SnmpValue.OctetString(text);
            case 2: return SnmpValue.Null;
            case 3: return SnmpValue.ObjectIdentifier(Oid(random));
            case 4: return SnmpValue.IpAddress([(byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256)]);
            case 5: return SnmpValue.Counter32(UInt32(random));
            case 6: return SnmpValue.Gauge32(UInt32(random));
            case 7: return SnmpValue.TimeTicks(UInt32(random));
            case 8: return SnmpValue.Counter64(unchecked((ulong)Int64(random)));
            case 9:
                var opaque = new byte[random.Next(0, 12)];
                random.NextBytes(opaque);
                return SnmpValue.Opaque(opaque);
            default: return random.Next(3) switch { 0 => SnmpValue.NoSuchObject, 1 => SnmpValue.NoSuchInstance, _ => SnmpValue.EndOfMibView };
        }
    }
}
