using System.Net.Sockets;
using JailMetrics.Snmp.Agent;
using JailMetrics.Snmp.Ber;
using JailMetrics.Snmp.Mib;
using JailMetrics.Snmp.Protocol;
using JailMetrics.Snmp.Protocol.V3;
using JailMetrics.Snmp.Security;
using JailMetrics.Snmp.Tests.Agent;
using JailMetrics.Snmp.Tests.Support;
using static JailMetrics.Snmp.Tests.Support.TestViews;
using static JailMetrics.Snmp.Tests.V3.V3Mutations;

namespace JailMetrics.Snmp.Tests.V3;

/// <summary>
/// Hostile SNMPv3 input (reference/snmp.md §5.4, CVE-2008-0960): a hand-made v3 corpus and seeded
/// random mutations of valid v3 requests at every security level. Nothing may escape the
/// dispatcher; every datagram is accounted for by exactly one counter or answered with a Response;
/// whatever is sent back is a well-formed, non-reportable message within the size limit.
/// </summary>
public sealed class V3MalformedPacketTests : IDisposable
{
    private const int Mutations = 60_000;

    private readonly V3TestAgent _agent = new(Jails(rows: 20));

    public void Dispose() => _agent.Dispose();

    private byte[] Valid(string user, SecurityLevel level, PduType type = PduType.GetRequest, int field3 = 0) =>
        new V3TestManager(V3TestAgent.User(user)).Request(level, _agent.EngineId, _agent.Engine.Now(), type, [Scalar, NameColumn.Append(1)], field3: field3);

    private IEnumerable<byte[]> Corpus()
    {
        byte[] noAuth = Valid("noauth", SecurityLevel.NoAuthNoPriv);
        byte[] des = Valid("md5des", SecurityLevel.AuthPriv);
        var plain = Of(noAuth);
        var encrypted = Of(des);

        yield return Hex.Bytes("30 03 02 01 03");                                     // version alone
        yield return Hex.Bytes("30 05 02 01 03 30 00");                               // empty msgGlobalData
        yield return [.. noAuth, 0x00];                                               // trailing octet
        yield return Encode(plain with { Flags = [] });                               // msgFlags empty
        yield return Encode(plain with { Flags = [0x04, 0x00] });                     // msgFlags two octets
        yield return Encode(plain with { Flags = [0x02] });                           // priv without auth
        yield return Encode(plain with { Flags = [0xff] });                           // reserved bits + priv/auth on a plaintext noauth user
        yield return Encode(plain with { MaxSize = 483 });
        yield return Encode(plain with { MaxSize = -1 });
        yield return Encode(plain with { MessageId = -5 });
        yield return Encode(plain with { SecurityModel = 0 });
        yield return Encode(plain with { SecurityModel = int.MinValue });
        yield return Encode(plain with { SecurityModel = 1 });                        // SNMPv1's model: unknown here, reported
        yield return Encode(plain with { Boots = -1 });
        yield return Encode(plain with { Time = int.MinValue });
        yield return Encode(plain with { EngineId = new byte[33] });
        yield return Encode(plain with { UserName = new byte[33] });
        yield return Encode(plain with { UserName = [] });                            // unknown (empty) user
        yield return Encode(plain with { Mac = new byte[1000] });                     // noAuth ignores the MAC field
        yield return Encode(plain with { MsgData = Tlv(0x02, [0x01]) });             // msgData neither SEQUENCE nor OCTET STRING
        yield return Encode(plain with { MsgData = Tlv(BerTag.OctetString, [1, 2, 3]) }); // "encrypted" data at noAuthNoPriv
        yield return Encode(plain with { MsgData = Tlv(BerTag.Sequence, []) });       // empty ScopedPDU
        yield return Encode(plain with { MsgData = Tlv(BerTag.Sequence, [.. Tlv(BerTag.OctetString, new byte[33]), .. Tlv(BerTag.OctetString, []), .. Hex.Bytes("a0 0b 02 01 01 02 01 00 02 01 00 30 00")]) });
        yield return Encode(plain with { MsgData = Tlv(BerTag.Sequence, [.. Tlv(BerTag.OctetString, []), .. Tlv(BerTag.OctetString, []), .. Hex.Bytes("a4 00")]) }); // v1 Trap in a ScopedPDU
        yield return Encode(plain with { MsgData = Tlv(BerTag.Sequence, [.. Tlv(BerTag.OctetString, []), .. Tlv(BerTag.OctetString, []), .. Hex.Bytes("a0 0b 02 01 01 02 01 00 02 01 00 30 00 ff")]) });
        yield return Encode(plain with { MsgData = Nest(10_000) });
        yield return Encode(encrypted with { MsgData = Tlv(BerTag.OctetString, []) }); // wrong digest (MAC no longer matches) …
        yield return Encode(plain with { Flags = [0x00] });                           // not reportable: answered, it is a valid request
        yield return Encode(Of(V3TestManager.Discovery()) with { Flags = [0x00] });  // discovery without reportable: counted, silent
        yield return Encode(plain with { Version = 0x7fffffff });
        yield return V3TestManager.Discovery();
        yield return Valid("sha256auth", SecurityLevel.AuthNoPriv, PduType.GetBulkRequest, field3: int.MaxValue);
    }

    [Fact]
    public void The_v3_corpus_is_accounted_for_and_valid_requests_still_answer()
    {
        int answered = 0;
        foreach (var datagram in Corpus())
        {
            if (SendAccounted(datagram) is not null) answered++;
        }
        Assert.Equal((uint)Corpus().Count(), _agent.Counters.InPkts);
        Assert.True(_agent.Counters.InAsnParseErrs >= 18, $"only {_agent.Counters.InAsnParseErrs} parse errors");
        Assert.Equal(1u, _agent.Counters.Mpd.Get(MpdStatsCounter.InvalidMsgs));
        Assert.True(_agent.Counters.Mpd.Get(MpdStatsCounter.UnknownSecurityModels) >= 1);
        Assert.InRange(answered, 5, 12);
        AssertStillAnswers();
    }

    [Fact]
    public void Random_mutations_of_valid_v3_requests_never_escape_the_pipeline()
    {
        var random = new Random(0x5EED3);
        byte[][] seeds =
        [
            V3TestManager.Discovery(),
            Valid("noauth", SecurityLevel.NoAuthNoPriv),
            Valid("sha256auth", SecurityLevel.AuthNoPriv),
            Valid("shaaes", SecurityLevel.AuthPriv),
            Valid("md5des", SecurityLevel.AuthPriv),
            Valid("noauth", SecurityLevel.NoAuthNoPriv, PduType.GetBulkRequest, field3: 30),
        ];

        int answered = 0;
        for (int i = 0; i < Mutations; i++)
        {
            if (SendAccounted(Mutator.Mutate(seeds[random.Next(seeds.Length)], random)) is not null) answered++;
        }

        var counters = _agent.Counters;
        Assert.Equal((uint)Mutations, counters.InPkts);
        Assert.True(counters.InAsnParseErrs > Mutations / 4, $"{counters.InAsnParseErrs} parse errors");
        Assert.True(_agent.UsmStats.Get(UsmStatsCounter.WrongDigests) > 1000, "authenticated mutations should mostly fail their digest");
        Assert.True(answered > 1000, $"only {answered} mutations were answered");
        AssertStillAnswers();
    }

    [Fact]
    public async Task V3_mutations_over_real_udp_leave_the_agent_answering()
    {
        var state = Directory.CreateTempSubdirectory("jm-v3-fuzz-");
        try
        {
            await using var agent = await RunningAgent.StartAsync(Jails(), options =>
            {
                options.StateDirectory = state.FullName;
                options.Users = V3TestAgent.StandardUsers();
                options.Views = V3TestAgent.StandardViews();
            });
            var engine = agent.Agent.Engine!;
            var manager = new V3TestManager(V3TestAgent.User("shaaes"));
            byte[] seed = manager.Request(SecurityLevel.AuthPriv, engine.EngineId, engine.Now(), PduType.GetRequest, [Scalar]);
            using var client = new UdpClient(AddressFamily.InterNetwork);
            var target = agent.Agent.BoundEndpoints[0];
            var random = new Random(4242);
            uint sent = 0;
            for (int i = 0; i < 2000; i++)
            {
                await client.SendAsync(Mutator.Mutate(seed, random), target);
                if (++sent % 50 == 0) await UntilReceived(agent.Agent, sent);
            }
            await UntilReceived(agent.Agent, sent);

            using var fresh = new UdpClient(AddressFamily.InterNetwork);
            await fresh.SendAsync(manager.Request(SecurityLevel.AuthPriv, engine.EngineId, engine.Now(), PduType.GetRequest, [Scalar], messageId: 777), target);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            UdpReceiveResult reply;
            do reply = await fresh.ReceiveAsync(timeout.Token);
            while (V3MessageDecoder.Decode(reply.Buffer).MessageId != 777);
            Assert.Equal(SnmpValue.Integer(42), manager.Open(reply.Buffer).Pdu.VarBinds[0].Value);
        }
        finally
        {
            state.Delete(recursive: true);
        }
    }

    /// <summary>
    /// Sends one datagram and checks it was accounted for exactly once: dropped with one counter
    /// incremented, answered with a Report (one counter) or with a Response (none).
    /// </summary>
    private byte[]? SendAccounted(byte[] datagram)
    {
        uint before = Accounted();
        byte[]? answer = _agent.Send(datagram);
        uint delta = Accounted() - before;
        if (answer is null)
        {
            Assert.Equal(1u, delta);
            return null;
        }
        Assert.InRange(delta, 0u, 1u);
        Assert.True(answer.Length <= _agent.Dispatcher.MaxMessageSize);
        var message = V3MessageDecoder.Decode(answer); // whatever is sent is a valid v3 message …
        Assert.False(message.IsReportable);           // … that never asks for a Report back
        Assert.True(message.TryGetSecurityLevel(out _));
        if (!message.IsEncrypted)
        {
            var pdu = V3MessageDecoder.DecodeScopedPdu(message.ScopedPduData).Pdu;
            Assert.Equal(delta == 1 ? PduType.Report : PduType.Response, pdu.Type);
        }
        return answer;
    }

    private uint Accounted()
    {
        var c = _agent.Counters;
        uint usm = _agent.UsmStats.Snapshot().Aggregate(0u, (sum, counter) => sum + (uint)counter.Value.Number);
        return c.InAsnParseErrs + c.InBadVersions + c.InBadCommunityNames + c.SilentDrops + c.Contexts.UnknownContexts
            + c.Mpd.Get(MpdStatsCounter.InvalidMsgs) + c.Mpd.Get(MpdStatsCounter.UnknownSecurityModels) + c.Mpd.Get(MpdStatsCounter.UnknownPduHandlers)
            + usm;
    }

    private void AssertStillAnswers()
    {
        var manager = new V3TestManager(V3TestAgent.User("shaaes"));
        byte[] request = manager.Request(SecurityLevel.AuthPriv, _agent.EngineId, _agent.Engine.Now(), PduType.GetRequest, [Scalar]);
        Assert.Equal(SnmpValue.Integer(42), manager.Open(_agent.Send(request)!).Pdu.VarBinds[0].Value);
    }

    private static async Task UntilReceived(SnmpAgent agent, uint count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (agent.Counters.InPkts < count && DateTime.UtcNow < deadline) await Task.Delay(1);
        Assert.Equal(count, agent.Counters.InPkts);
    }

    /// <summary>A ScopedPDU-shaped SEQUENCE nested <paramref name="depth"/> deep.</summary>
    private static byte[] Nest(int depth)
    {
        var bytes = new List<byte>();
        for (int level = 0; level < depth; level++)
        {
            int remaining = (depth - level - 1) * 5;
            bytes.AddRange([0x30, 0x83, (byte)(remaining >> 16), (byte)(remaining >> 8), (byte)remaining]);
        }
        return [.. bytes];
    }
}
