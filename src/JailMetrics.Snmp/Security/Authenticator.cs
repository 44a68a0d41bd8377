using System.Security.Cryptography;

namespace JailMetrics.Snmp.Security;

/// <summary>
/// Signs and verifies whole serialized SNMPv3 messages with one user's localized authentication key
/// (RFC 3414 §6.3 / §7.3, RFC 7860 §4.2): the HMAC is computed over the message with the
/// msgAuthenticationParameters contents set to N zero octets, truncated to N, and carried in that field.
/// Thread-safe: it holds only the key.
/// </summary>
public sealed class Authenticator
{
    private readonly byte[] _key;

    public Authenticator(AuthProtocol protocol, ReadOnlySpan<byte> localizedKey)
    {
        if (localizedKey.Length != protocol.KeyLength)
            throw new ArgumentException($"a localized {protocol.Name} key has {protocol.KeyLength} octets, not {localizedKey.Length}", nameof(localizedKey));
        Protocol = protocol;
        _key = localizedKey.ToArray();
    }

    public AuthProtocol Protocol { get; }

    /// <summary>N: the octets of msgAuthenticationParameters the serializer must reserve.</summary>
    public int MacLength => Protocol.MacLength;

    /// <summary>
    /// Authenticates an outgoing message in place. <paramref name="macOffset"/> is where the contents
    /// of msgAuthenticationParameters (an OCTET STRING of exactly <see cref="MacLength"/> octets) start
    /// in <paramref name="message"/>; whatever is there is zeroed first (RFC 3414 §6.3.1 step 1).
    /// </summary>
    public void Sign(Span<byte> message, int macOffset)
    {
        Span<byte> field = MacField(message, macOffset, MacLength);
        field.Clear();
        Span<byte> mac = stackalloc byte[MacLength];
        Protocol.ComputeMac(_key, message, mac);
        mac.CopyTo(field);
    }

    /// <summary>
    /// Checks an incoming message (RFC 3414 §6.3.2 / §7.3.2). <paramref name="macLength"/> is the length
    /// the message declared for msgAuthenticationParameters: anything but exactly N fails, which is what
    /// closes CVE-2008-0960 (a 1-octet MAC matched 1 time in 256). The compare is constant-time. The
    /// field is zeroed while the HMAC is computed and put back before returning.
    /// </summary>
    /// <returns>False means usmStatsWrongDigests.</returns>
    public bool Verify(Span<byte> message, int macOffset, int macLength)
    {
        if (macLength != MacLength) return false;
        if (macOffset < 0 || macOffset > message.Length - macLength) return false;

        Span<byte> field = message.Slice(macOffset, macLength);
        Span<byte> received = stackalloc byte[MacLength];
        Span<byte> expected = stackalloc byte[MacLength];
        field.CopyTo(received);
        field.Clear();
        try
        {
            Protocol.ComputeMac(_key, message, expected);
        }
        finally
        {
            received.CopyTo(field);
        }
        return CryptographicOperations.FixedTimeEquals(expected, received);
    }

    public override string ToString() => $"Authenticator({Protocol.Name})";

    private static Span<byte> MacField(Span<byte> message, int offset, int length)
    {
        if (offset < 0 || offset > message.Length - length)
            throw new ArgumentOutOfRangeException(nameof(offset), $"a {length}-octet MAC at {offset} does not fit a {message.Length}-octet message");
        return message.Slice(offset, length);
    }
}
