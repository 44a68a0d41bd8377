using System.Net;
using System.Net.Sockets;
using JailMetrics.Snmp.Agent;
using JailMetrics.Snmp.Mib;
using JailMetrics.Snmp.Protocol;
using JailMetrics.Snmp.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using static JailMetrics.Snmp.Tests.Support.TestViews;

namespace JailMetrics.Snmp.Tests.Agent;

/// <summary>
/// Hostile input (reference/snmp.md §5.4 and the PROTOS c06-snmpv1 idea, CVE-2002-0012/-0013):
/// a hand-made corpus plus seeded random mutations of valid requests. Nothing may escape the
/// dispatcher, counters must account for every datagram, and valid requests keep being answered.
/// </summary>
public class MalformedPacketTests
{
    // JM_RELIABILITY_LONG=1 (the manual long mode of the reliability tests) sends a million.
    private static readonly int Mutations = Environment.GetEnvironmentVariable("JM_RELIABILITY_LONG") == "1" ? 1_000_000 : 120_000;

    private static readonly byte[] ValidGet = Requests.Build(SnmpVersion.V2c, PduType.GetRequest, [Scalar, NameColumn.Append(1)], requestId: 77);

    public static IEnumerable<byte[]> Corpus()
    {
        yield return [];
        yield return [0x30];
        yield return [0x04, 0x00];                                           // outer tag not SEQUENCE
        yield return [0x30, 0x80, 0x02, 0x01, 0x01, 0x00, 0x00];             // indefinite length
        yield return [0x30, 0x84, 0xff, 0xff, 0xff, 0xff, 0x02, 0x01, 0x01]; // 2^32-1 length
        yield return [0x30, 0x89, 0, 0, 0, 0, 0, 0, 0, 0, 0x03, 0x02, 0x01, 0x01];
        yield return [0x30, 0x03, 0x02, 0x01];                               // declared length > data
        yield return Hex.Bytes("30 03 02 01 01 ff");                          // trailing octets
        yield return Hex.Bytes("30 07 02 05 01 00 00 00 00");                 // version overflows Integer32
        yield return Hex.Bytes("30 05 02 03 ff ff ff");                       // negative version
        yield return Hex.Bytes("30 05 1f 01 01 01 01");                       // multi-octet tag
        yield return Hex.Bytes("30 0b 02 01 01 24 06 04 01 70 04 01 70");     // constructed community
        yield return Replace(ValidGet, "a0", "a9");                           // unknown PDU tag
        yield return Replace(ValidGet, "a0", "80");                           // exception tag as a PDU
        yield return Replace(ValidGet, "05 00", "80 00");                     // exceptions in a request: decodable, answered
        yield return Replace(ValidGet, "05 00", "05 01");                     // NULL with a length
        yield return Replace(ValidGet, "02 01 4d", "02 00");                  // empty request-id
        yield return Replace(ValidGet, "02 01 4d", "02 01 4d 05 00");         // extra element in the PDU (length now wrong)
        yield return Replace(ValidGet, "06 0b", "06 00");                     // empty OID
        yield return Replace(ValidGet, "06 0b 2b", "06 0b 80");               // sub-id with leading 0x80
        yield return Replace(ValidGet, "06 0b", "06 0c");                     // OID length overruns the varbind
        yield return DeepNesting(10_000);
        yield return LongOidRequest(129);
        yield return LongOidRequest(10_000);
        yield return new byte[SnmpMessageDispatcher.MaxUdpPayload];           // 65 507 zeros
        yield return GetBulkWith(int.MaxValue, int.MaxValue);
        yield return GetBulkWith(int.MinValue, int.MinValue);
        yield return Requests.Build(SnmpVersion.V2c, PduType.GetRequest, Enumerable.Repeat(Scalar, 3000));   // many varbinds → tooBig
        yield return Requests.Build(SnmpVersion.V2c, PduType.GetBulkRequest, Enumerable.Repeat(Root, 3000), field3: 1000);
        yield return Requests.Build(SnmpVersion.V2c, PduType.GetRequest, []);                              // no varbinds
    }

    [Fact]
    public void The_corpus_is_counted_and_dropped_and_valid_requests_still_answer()
    {
        var dispatch = new TestDispatch(Jails(rows: 50));
        int answered = 0;
        foreach (var datagram in Corpus())
        {
            if (dispatch.Send(datagram) is { } answer)
            {
                answered++;
                CommunityMessageDecoder.Decode(answer); // whatever is sent is a valid message
                Assert.True(answer.Length <= dispatch.Dispatcher.MaxMessageSize);
            }
        }

        var counters = dispatch.Counters;
        Assert.Equal((uint)Corpus().Count(), counters.InPkts);
        Assert.True(counters.InAsnParseErrs >= 20, $"only {counters.InAsnParseErrs} parse errors counted");
        Assert.InRange(answered, 5, 10);
        AssertStillAnswers(dispatch);
    }

    [Fact]
    public void Random_mutations_of_valid_requests_never_escape_the_pipeline()
    {
        var random = new Random(0x5EED);
        var view = Jails(rows: 20);
        var dispatch = new TestDispatch(view);
        byte[][] seeds =
        [
            ValidGet,
            Requests.Build(SnmpVersion.V1, PduType.GetNextRequest, [Scalar, CpuColumn], requestId: 1),
            Requests.Build(SnmpVersion.V2c, PduType.GetBulkRequest, [Scalar, NameColumn, CpuColumn], requestId: 300, field2: 1, field3: 25),
            Requests.Build(SnmpVersion.V2c, PduType.SetRequest, [NameColumn.Append(2)], requestId: 9),
            Hex.Bytes("30 26 02 01 01 04 06 70 75 62 6c 69 63 a0 19 02 01 01 02 01 00 02 01 00 30 0e 30 0c 06 08 2b 06 01 02 01 01 01 00 05 00"),
        ];

        int answered = 0;
        for (int i = 0; i < Mutations; i++)
        {
            var datagram = Mutator.Mutate(seeds[random.Next(seeds.Length)], random);
            if (dispatch.Send(datagram) is { } answer)
            {
                answered++;
                Assert.True(answer.Length <= dispatch.Dispatcher.MaxMessageSize);
            }
        }

        var counters = dispatch.Counters;
        Assert.Equal((uint)Mutations, counters.InPkts);
        Assert.True(counters.InAsnParseErrs > Mutations / 4, $"{counters.InAsnParseErrs} parse errors");
        Assert.True(counters.InBadCommunityNames > 0 && counters.InBadVersions > 0);
        Assert.True(answered > 1000, $"only {answered} mutations were still valid requests");
        Assert.Equal((uint)Mutations, counters.InAsnParseErrs + counters.InBadVersions + counters.InBadCommunityNames
            + counters.UnknownPduHandlers + counters.SilentDrops + (uint)answered);
        AssertStillAnswers(dispatch);
    }

    [Fact]
    public async Task Mutations_over_real_udp_leave_the_agent_answering()
    {
        var agent = new SnmpAgent(Options.Create(new SnmpAgentOptions { ListenAddresses = ["127.0.0.1:0"] }),
            new FixedView(Jails()), NullLogger<SnmpAgent>.Instance);
        await agent.StartAsync(CancellationToken.None);
        try
        {
            using var client = new UdpClient(AddressFamily.InterNetwork);
            var target = agent.BoundEndpoints.Single();
            var random = new Random(31337);
            const int batch = 3000;
            uint sent = 0;
            foreach (var datagram in Corpus().Take(25))
            {
                await client.SendAsync(datagram, target);
                await UntilReceived(agent, ++sent);
            }
            for (int i = 0; i < batch; i++)
            {
                await client.SendAsync(Mutator.Mutate(ValidGet, random), target);
                // Pace in bursts of 50 so the kernel's socket buffer never overflows: the test counts every datagram.
                if (++sent % 50 == 0) await UntilReceived(agent, sent);
            }
            await UntilReceived(agent, sent);

            // The agent is still there: a valid request after the storm gets its answer.
            using var fresh = new UdpClient(AddressFamily.InterNetwork);
            await fresh.SendAsync(ValidGet, target);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            var reply = await fresh.ReceiveAsync(timeout.Token);
            Assert.Equal(77, CommunityMessageDecoder.Decode(reply.Buffer).Pdu.RequestId);
            Assert.True(agent.Counters.InAsnParseErrs > 500);
        }
        finally
        {
            await agent.StopAsync(CancellationToken.None);
            agent.Dispose();
        }
    }

    private static async Task UntilReceived(SnmpAgent agent, uint count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (agent.Counters.InPkts < count && DateTime.UtcNow < deadline) await Task.Delay(1);
        Assert.Equal(count, agent.Counters.InPkts);
    }

    private static void AssertStillAnswers(TestDispatch dispatch)
    {
        var answer = CommunityMessageDecoder.Decode(dispatch.Send(ValidGet)!);
        Assert.Equal(77, answer.Pdu.RequestId);
        Assert.Equal(SnmpValue.Integer(42), answer.Pdu.VarBinds[0].Value);
    }

    private static byte[] Replace(byte[] datagram, string from, string to)
    {
        string hex = Hex.Of(datagram);
        Assert.Contains(from, hex);
        int at = hex.IndexOf(from, StringComparison.Ordinal);
        return Hex.Bytes(hex[..at] + to + hex[(at + from.Length)..]);
    }

    private static byte[] DeepNesting(int depth)
    {
        var bytes = new List<byte>();
        for (int level = 0; level < depth; level++)
        {
            int remaining = (depth - level - 1) * 5;
            bytes.AddRange([0x30, 0x83, (byte)(remaining >> 16), (byte)(remaining >> 8), (byte)remaining]);
        }
        return [.. bytes];
    }

    private static byte[] GetBulkWith(int nonRepeaters, int maxRepetitions) =>
        Requests.Build(SnmpVersion.V2c, PduType.GetBulkRequest, [Scalar, Root], field2: nonRepeaters, field3: maxRepetitions);

    /// <summary>A Get whose OID has <paramref name="arcs"/> sub-identifiers, encoded by hand (Oid refuses > 128).</summary>
    private static byte[] LongOidRequest(int arcs)
    {
        var oid = new byte[arcs - 1];
        oid.AsSpan().Fill(0x01);
        oid[0] = 0x2b;
        static byte[] Tlv(byte tag, byte[] content)
        {
            var length = new byte[6];
            int size = JailMetrics.Snmp.Ber.BerLength.Write(length, content.Length);
            return [tag, .. length.AsSpan(0, size), .. content];
        }
        var varBind = Tlv(0x30, [.. Tlv(0x06, oid), 0x05, 0x00]);
        var pdu = Tlv(0xa0, [0x02, 0x01, 0x01, 0x02, 0x01, 0x00, 0x02, 0x01, 0x00, .. Tlv(0x30, varBind)]);
        return Tlv(0x30, [0x02, 0x01, 0x01, .. Tlv(0x04, "public"u8.ToArray()), .. pdu]);
    }

    private sealed class FixedView(MibView view) : IMibViewProvider
    {
        public MibView Current => view;
    }
}

/// <summary>Byte-level mutations of a valid datagram: flips, overwrites with edge values, inserts, deletes, truncations.</summary>
internal static class Mutator
{
    private static readonly byte[] Interesting = [0x00, 0x01, 0x7f, 0x80, 0x81, 0x82, 0x84, 0x89, 0xff, 0x30, 0x02, 0x04, 0x05, 0x06, 0x1f, 0xa0, 0xa5];

    public static byte[] Mutate(byte[] seed, Random random)
    {
        var bytes = new List<byte>(seed);
        int edits = 1 + random.Next(random.Next(2) == 0 ? 2 : 6);
        for (int e = 0; e < edits && bytes.Count > 0; e++)
        {
            int at = random.Next(bytes.Count);
            switch (random.Next(6))
            {
                case 0: bytes[at] ^= (byte)(1 << random.Next(8)); break;
                case 1: bytes[at] = Interesting[random.Next(Interesting.Length)]; break;
                case 2: bytes[at] = (byte)random.Next(256); break;
                case 3: bytes.Insert(at, Interesting[random.Next(Interesting.Length)]); break;
                case 4: bytes.RemoveAt(at); break;
                default: bytes.RemoveRange(at, bytes.Count - at); break;
            }
        }
        return [.. bytes];
    }
}
