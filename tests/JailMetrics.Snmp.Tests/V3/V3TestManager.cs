using JailMetrics.Snmp.Mib;
using JailMetrics.Snmp.Protocol;
using JailMetrics.Snmp.Protocol.V3;
using JailMetrics.Snmp.Security;

namespace JailMetrics.Snmp.Tests.V3;

/// <summary>
/// A scratch SNMPv3 manager built on the library's own encoder and decoder: makes requests as a
/// given user to a given engine (any boots/time, level, context, flags) and opens the answers.
/// </summary>
internal sealed class V3TestManager(UsmUser? user)
{
    private readonly SaltGenerator _salts = new(0x1122334455667788);

    public UsmUser? User { get; } = user;

    /// <summary>The RFC 3414 §4 discovery probe: noAuthNoPriv, reportable, empty engineID/user, empty Get.</summary>
    public static byte[] Discovery(int messageId = 100, int requestId = 1) =>
        V3MessageEncoder.Encode(messageId, 65507, reportable: true, UsmOutgoingSecurity.Discovery,
            new ScopedPdu([], [], new Pdu(PduType.GetRequest, requestId, 0, 0, [])));

    public byte[] Request(SecurityLevel level, byte[] engineId, EngineClock clock, PduType type, IEnumerable<Oid> names,
        int messageId = 4242, int requestId = 77, bool reportable = true, string contextName = "", byte[]? contextEngineId = null,
        int maxSize = 65507, int field2 = 0, int field3 = 0, byte[]? userName = null)
    {
        var pdu = new Pdu(type, requestId, field2, field3, names.Select(name => new VarBind(name, SnmpValue.Null)).ToList());
        var scoped = new ScopedPdu(contextEngineId ?? engineId, System.Text.Encoding.UTF8.GetBytes(contextName), pdu);
        var security = level == SecurityLevel.NoAuthNoPriv || User is null
            ? UsmOutgoingSecurity.Unauthenticated(userName ?? User?.NameBytes ?? [], engineId, clock.Boots, clock.Time)
            : UsmOutgoingSecurity.For(User, level, engineId, clock);
        return V3MessageEncoder.Encode(messageId, maxSize, reportable, security, scoped, _salts, localEngineBoots: 1);
    }

    /// <summary>Decodes an answer; authenticated ones are verified and decrypted with this manager's user.</summary>
    public Answer Open(byte[] datagram)
    {
        var message = V3MessageDecoder.Decode(datagram);
        Assert.True(message.TryGetSecurityLevel(out var level));
        ScopedPdu scoped;
        if (level == SecurityLevel.NoAuthNoPriv)
        {
            scoped = V3MessageDecoder.DecodeScopedPdu(message.ScopedPduData);
        }
        else
        {
            Assert.NotNull(User);
            Assert.True(UsmIncoming.TryUnprotect(datagram, message, User, out scoped, out string failure), failure);
        }
        return new Answer(message, level, scoped);
    }

    public sealed record Answer(V3Message Message, SecurityLevel Level, ScopedPdu Scoped)
    {
        public Pdu Pdu => Scoped.Pdu;

        public UsmSecurityParameters Usm => Message.UsmParameters!;

        /// <summary>Asserts a Report carrying exactly one varbind, the given counter instance, and returns its value.</summary>
        public uint ReportOf(Oid counterInstance)
        {
            Assert.Equal(PduType.Report, Pdu.Type);
            Assert.False(Message.IsReportable);
            var varBind = Assert.Single(Pdu.VarBinds);
            Assert.Equal(counterInstance, varBind.Name);
            Assert.Equal(SnmpType.Counter32, varBind.Value.Type);
            return (uint)varBind.Value.Number;
        }
    }
}
