using JailMetrics.Snmp.Ber;
using JailMetrics.Snmp.Security;

namespace JailMetrics.Snmp.Protocol.V3;

/// <summary>
/// Writes SNMPv3 messages (RFC 3412 §6) with USM outgoing processing (RFC 3414 §3.1): the ScopedPDU
/// is encrypted when the level is authPriv (a fresh salt per message, RFC 3414 §8.1.1.1 / RFC 3826
/// §3.1.2.1), the message is serialized with msgAuthenticationParameters as N zero octets, then the
/// HMAC is written in place (RFC 3414 §6.3.1 / RFC 7860 §4.2.1). Used by the agent for Responses and
/// Reports and by notification originators for Traps and Informs.
/// </summary>
public static class V3MessageEncoder
{
    /// <summary>
    /// A whole message as a new array.
    /// </summary>
    /// <param name="messageId">msgID (0..2³¹−1).</param>
    /// <param name="maxSize">msgMaxSize: the largest message this engine accepts (484..2³¹−1).</param>
    /// <param name="reportable">reportableFlag: set on requests and Informs, clear on Responses, Reports and Traps (RFC 3412 §6.4).</param>
    /// <param name="security">The level, user and authoritative engine (see <see cref="UsmOutgoingSecurity"/>).</param>
    /// <param name="scopedPdu">The serialized ScopedPDU (<see cref="ScopedPduEncoding"/>).</param>
    /// <param name="salts">The local engine's salt counter; required at authPriv.</param>
    /// <param name="localEngineBoots">The local engine's own snmpEngineBoots, which DES puts in its salt.</param>
    public static byte[] Encode(int messageId, int maxSize, bool reportable, UsmOutgoingSecurity security, ReadOnlySpan<byte> scopedPdu,
        SaltGenerator? salts = null, int localEngineBoots = 0)
    {
        ArgumentNullException.ThrowIfNull(security);
        var buffer = new byte[MessageSize(messageId, maxSize, security, scopedPdu.Length)];
        int written = Write(buffer, messageId, maxSize, reportable, security, scopedPdu, salts, localEngineBoots);
        return written == buffer.Length ? buffer : buffer[..written];
    }

    /// <summary>A whole message around <paramref name="scopedPdu"/>, as a new array.</summary>
    public static byte[] Encode(int messageId, int maxSize, bool reportable, UsmOutgoingSecurity security, ScopedPdu scopedPdu,
        SaltGenerator? salts = null, int localEngineBoots = 0) =>
        Encode(messageId, maxSize, reportable, security, ScopedPduEncoding.Encode(scopedPdu), salts, localEngineBoots);

    /// <summary>
    /// Writes the message into <paramref name="destination"/> (at least <see cref="MessageSize"/> octets)
    /// and returns its length.
    /// </summary>
    public static int Write(Span<byte> destination, int messageId, int maxSize, bool reportable, UsmOutgoingSecurity security,
        ReadOnlySpan<byte> scopedPdu, SaltGenerator? salts = null, int localEngineBoots = 0)
    {
        ArgumentNullException.ThrowIfNull(security);
        ArgumentOutOfRangeException.ThrowIfNegative(messageId);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSize, SnmpV3Limits.MinMessageSize);

        Span<byte> privacyParameters = stackalloc byte[security.PrivacyParametersLength];
        byte[]? encrypted = null;
        if (security.Level == SecurityLevel.AuthPriv)
        {
            ArgumentNullException.ThrowIfNull(salts);
            var keys = security.Keys!;
            // RFC 3414 §3.1 step 4a: encrypt first; the salt becomes msgPrivacyParameters. The IV uses the
            // authoritative engine's boots and time as carried in this message (RFC 3826 §3.1.2.1).
            ulong salt = keys.Privacy!.NextSalt(salts, (uint)localEngineBoots);
            PrivProtocol.WritePrivacyParameters(salt, privacyParameters);
            encrypted = keys.Encrypt((uint)security.Boots, (uint)security.Time, salt, scopedPdu);
        }
        int msgDataSize = encrypted is null ? scopedPdu.Length : BerLength.SizeOfElement(encrypted.Length);

        byte flags = (byte)(security.LevelFlags | (reportable ? MsgFlags.Reportable : MsgFlags.None));
        int globalDataContent = GlobalDataContentSize(messageId, maxSize);
        int usmContent = UsmContentSize(security);
        int content = BerLength.SizeOfElement(BerInteger.SizeOfSigned(3)) + BerLength.SizeOfElement(globalDataContent)
            + BerLength.SizeOfElement(BerLength.SizeOfElement(usmContent)) + msgDataSize;

        scoped var writer = new BerWriter(destination);
        writer.WriteHeader(BerTag.Sequence, content);
        writer.WriteInteger(3); // msgVersion snmpv3(3)
        writer.WriteHeader(BerTag.Sequence, globalDataContent);
        writer.WriteInteger(messageId);
        writer.WriteInteger(maxSize);
        writer.WriteOctetString([flags]);
        writer.WriteInteger(V3Message.UsmSecurityModel);

        // msgSecurityParameters: an OCTET STRING holding the BER of UsmSecurityParameters (RFC 3414 §2.4).
        writer.WriteHeader(BerTag.OctetString, BerLength.SizeOfElement(usmContent));
        writer.WriteHeader(BerTag.Sequence, usmContent);
        writer.WriteOctetString(security.AuthoritativeEngineId);
        writer.WriteInteger(security.Boots);
        writer.WriteInteger(security.Time);
        writer.WriteOctetString(security.UserName);
        int macLength = security.MacLength;
        int macOffset = writer.Written + 1 + BerLength.SizeOf(macLength);
        Span<byte> zeroMac = stackalloc byte[macLength];
        zeroMac.Clear();
        writer.WriteOctetString(zeroMac); // RFC 3414 §6.3.1 step 1: N zero octets while serializing
        writer.WriteOctetString(privacyParameters);

        int length;
        if (encrypted is null)
        {
            // msgData is the plaintext ScopedPDU element itself (RFC 3412 §6.8 ScopedPduData CHOICE).
            scopedPdu.CopyTo(destination[writer.Written..]);
            length = writer.Written + scopedPdu.Length;
        }
        else
        {
            writer.WriteOctetString(encrypted); // encryptedPDU OCTET STRING
            length = writer.Written;
        }

        // RFC 3414 §3.1 step 7 / §6.3.1: authenticate the whole serialized message in place.
        if (security.Level != SecurityLevel.NoAuthNoPriv) security.Keys!.Authenticator!.Sign(destination[..length], macOffset);
        return length;
    }

    /// <summary>The encoded size of a message around a ScopedPDU of <paramref name="scopedPduLength"/> octets.</summary>
    public static int MessageSize(int messageId, int maxSize, UsmOutgoingSecurity security, int scopedPduLength)
    {
        ArgumentNullException.ThrowIfNull(security);
        int msgData = security.Level == SecurityLevel.AuthPriv
            ? BerLength.SizeOfElement(security.CiphertextLength(scopedPduLength))
            : scopedPduLength;
        int content = BerLength.SizeOfElement(BerInteger.SizeOfSigned(3))
            + BerLength.SizeOfElement(GlobalDataContentSize(messageId, maxSize))
            + BerLength.SizeOfElement(BerLength.SizeOfElement(UsmContentSize(security)))
            + msgData;
        return BerLength.SizeOfElement(content);
    }

    /// <summary>
    /// The largest plaintext ScopedPDU whose message stays within <paramref name="maxMessageSize"/>: what
    /// the response may fill (RFC 3416 §4.2.1 measures tooBig on the whole message; RFC 3412 §7.1).
    /// </summary>
    public static int MaxScopedPduSize(int maxMessageSize, int messageId, int maxSize, UsmOutgoingSecurity security) =>
        SizeSearch.Largest(scoped => MessageSize(messageId, maxSize, security, scoped), maxMessageSize);

    private static int GlobalDataContentSize(int messageId, int maxSize) =>
        BerLength.SizeOfElement(BerInteger.SizeOfSigned(messageId))
        + BerLength.SizeOfElement(BerInteger.SizeOfSigned(maxSize))
        + BerLength.SizeOfElement(1)
        + BerLength.SizeOfElement(BerInteger.SizeOfSigned(V3Message.UsmSecurityModel));

    private static int UsmContentSize(UsmOutgoingSecurity security) =>
        BerLength.SizeOfElement(security.AuthoritativeEngineId.Length)
        + BerLength.SizeOfElement(BerInteger.SizeOfSigned(security.Boots))
        + BerLength.SizeOfElement(BerInteger.SizeOfSigned(security.Time))
        + BerLength.SizeOfElement(security.UserName.Length)
        + BerLength.SizeOfElement(security.MacLength)
        + BerLength.SizeOfElement(security.PrivacyParametersLength);
}
