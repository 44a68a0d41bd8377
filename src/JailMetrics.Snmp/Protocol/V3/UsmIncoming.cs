using System.Buffers;
using JailMetrics.Snmp.Ber;
using JailMetrics.Snmp.Security;

namespace JailMetrics.Snmp.Protocol.V3;

/// <summary>
/// The cryptographic steps of USM incoming processing (RFC 3414 §3.2 steps 6 and 8), shared by the
/// authoritative side (the agent receiving requests) and the non-authoritative side (a notification
/// originator receiving the Response to its Inform, or a manager in tests): verify the MAC over the
/// whole message, decrypt the ScopedPDU, decode it. Keys must be localized to the message's
/// msgAuthoritativeEngineID.
/// </summary>
public static class UsmIncoming
{
    /// <summary>
    /// RFC 3414 §3.2 step 6 / §6.3.2: false means usmStatsWrongDigests — including a MAC field of the
    /// wrong length (CVE-2008-0960). The datagram is copied, since verification zeroes the MAC field.
    /// </summary>
    public static bool VerifyDigest(ReadOnlySpan<byte> datagram, UsmSecurityParameters parameters, UsmUserKeys keys)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var authenticator = keys?.Authenticator ?? throw new ArgumentException("the user has no authentication key", nameof(keys));
        byte[] copy = ArrayPool<byte>.Shared.Rent(datagram.Length);
        try
        {
            datagram.CopyTo(copy);
            return authenticator.Verify(copy.AsSpan(0, datagram.Length), parameters.AuthenticationParametersOffset, parameters.AuthenticationParameters.Length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(copy);
        }
    }

    /// <summary>
    /// RFC 3414 §3.2 step 8 / §8.3.2, RFC 3826 §3.1.4: decrypts msgData with the boots and time the
    /// message carries. False means usmStatsDecryptionErrors: msgData not an encryptedPDU, a salt not
    /// 8 octets, a ciphertext the cipher refuses, or plaintext that does not even begin as a
    /// ScopedPDU SEQUENCE (what a wrong privacy key yields).
    /// </summary>
    public static bool TryDecrypt(V3Message message, UsmUserKeys keys, out byte[] plaintext)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(keys);
        plaintext = [];
        var parameters = message.UsmParameters ?? throw new ArgumentException("not a USM message", nameof(message));
        if (!message.IsEncrypted) return false;
        if (!keys.TryDecrypt((uint)parameters.AuthoritativeEngineBoots, (uint)parameters.AuthoritativeEngineTime,
                parameters.PrivacyParameters, message.ScopedPduData, out plaintext)) return false;
        return BeginsWithSequence(plaintext);
    }

    /// <summary>
    /// The ScopedPDU of a message whose security checks passed: plaintext as sent, or decrypted.
    /// Throws <see cref="BerDecodeException"/> (snmpInASNParseErrs) when it is malformed.
    /// </summary>
    public static ScopedPdu DecodeScopedPdu(V3Message message, byte[]? decrypted, UsmUserKeys? keys)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (decrypted is null) return V3MessageDecoder.DecodeScopedPdu(message.ScopedPduData);
        // DES plaintext keeps its block padding after the ScopedPDU (RFC 3414 §8.3.2 step 4); CFB has none.
        bool padded = keys?.Privacy is { } privacy && ReferenceEquals(privacy, PrivProtocol.Des);
        return V3MessageDecoder.DecodeScopedPdu(decrypted, allowTrailingOctets: padded);
    }

    /// <summary>
    /// Non-authoritative receipt (RFC 3414 §3.2 steps 6–8 without the timeliness bookkeeping of step
    /// 7b): checks that <paramref name="message"/> is from <paramref name="user"/> at the level its
    /// flags claim, verifies and decrypts it with the keys localized to its msgAuthoritativeEngineID,
    /// and decodes the ScopedPDU. For an Inform's Response or a test manager; the agent uses
    /// <see cref="UsmAuthoritativeProcessor"/>.
    /// </summary>
    /// <param name="failure">Why not, for a log line, when false.</param>
    public static bool TryUnprotect(ReadOnlySpan<byte> datagram, V3Message message, UsmUser user, out ScopedPdu scopedPdu, out string failure)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(user);
        scopedPdu = null!;
        var parameters = message.UsmParameters;
        if (parameters is null) { failure = $"security model {message.SecurityModel} is not USM"; return false; }
        if (!message.TryGetSecurityLevel(out var level)) { failure = "msgFlags has privacy without authentication"; return false; }
        if (!parameters.UserName.AsSpan().SequenceEqual(user.NameBytes)) { failure = "a different msgUserName"; return false; }
        if (level > user.MaximumLevel) { failure = $"level {level.ToConfigName()} exceeds the user's protocols"; return false; }

        UsmUserKeys? keys = null;
        byte[]? decrypted = null;
        if (level >= SecurityLevel.AuthNoPriv)
        {
            keys = user.KeysFor(parameters.AuthoritativeEngineId);
            if (!VerifyDigest(datagram, parameters, keys)) { failure = "wrong digest"; return false; }
        }
        if (level == SecurityLevel.AuthPriv && !TryDecrypt(message, keys!, out decrypted)) { failure = "decryption error"; return false; }
        try
        {
            scopedPdu = DecodeScopedPdu(message, decrypted, keys);
        }
        catch (BerDecodeException e)
        {
            failure = $"malformed ScopedPDU: {e.Message}";
            return false;
        }
        failure = "";
        return true;
    }

    /// <summary>A SEQUENCE identifier and a length that fits the data: the least a ScopedPDU starts with.</summary>
    private static bool BeginsWithSequence(ReadOnlySpan<byte> plaintext)
    {
        if (plaintext.IsEmpty || plaintext[0] != BerTag.Sequence) return false;
        try
        {
            int position = 1;
            BerLength.Read(plaintext, ref position, 0);
            return true;
        }
        catch (BerDecodeException)
        {
            return false;
        }
    }
}
