using System.Buffers.Binary;
using JailMetrics.Snmp.Mib;

namespace JailMetrics.Snmp.Security;

/// <summary>
/// A USM privacy protocol: DES-CBC (RFC 3414 §8), AES-128-CFB (RFC 3826) and net-snmp's AES-192/256
/// (draft-blumenthal-aes-usm-04, with its key extension). Each derives its cipher key from the user's
/// localized privacy key once, and then encrypts and decrypts ScopedPDUs with a per-message 8-octet
/// salt carried in msgPrivacyParameters. "No privacy" is the absence of one. Stateless, thread-safe.
/// </summary>
public abstract class PrivProtocol
{
    /// <summary>msgPrivacyParameters is exactly this long for every protocol here (RFC 3414 §8.1.1.1, RFC 3826 §3.1.2.1).</summary>
    public const int PrivacyParametersLength = 8;

    /// <summary>snmpPrivProtocols (RFC 3411 §5 / SNMP-FRAMEWORK-MIB).</summary>
    private protected static readonly Oid PrivProtocols = Oid.Parse("1.3.6.1.6.3.10.1.2");

    public static PrivProtocol Des { get; } = new DesCbcPrivProtocol();
    public static PrivProtocol Aes128 { get; } = AesCfbPrivProtocol.Rfc3826Aes128;
    public static PrivProtocol Aes192 { get; } = AesCfbPrivProtocol.BlumenthalAes192;
    public static PrivProtocol Aes256 { get; } = AesCfbPrivProtocol.BlumenthalAes256;

    public static IReadOnlyList<PrivProtocol> All { get; } = [Des, Aes128, Aes192, Aes256];

    private readonly string[] _aliases;

    private protected PrivProtocol(string name, Oid oid, int keyLength, string[] aliases)
    {
        Name = name;
        Oid = oid;
        KeyLength = keyLength;
        _aliases = aliases;
    }

    /// <summary>The name net-snmp's <c>-x</c> option uses.</summary>
    public string Name { get; }

    /// <summary>usmDESPrivProtocol, usmAesCfb128Protocol, or net-snmp's usmAES192/256PrivProtocol (1.3.6.1.4.1.14832.1.3/.4).</summary>
    public Oid Oid { get; }

    /// <summary>Octets of key material the cipher takes from the localized privacy key.</summary>
    public int KeyLength { get; }

    /// <summary>Parses net-snmp's names (<c>DES</c>, <c>AES</c>/<c>AES-128</c>/<c>AES128</c>, <c>AES-192</c>, <c>AES-256</c> …), case-insensitively.</summary>
    public static bool TryParse(string? name, out PrivProtocol protocol)
    {
        foreach (var candidate in All)
        {
            if (candidate._aliases.Any(alias => string.Equals(alias, name, StringComparison.OrdinalIgnoreCase)))
            {
                protocol = candidate;
                return true;
            }
        }
        protocol = null!;
        return false;
    }

    public static PrivProtocol? FromOid(Oid oid) => All.FirstOrDefault(p => p.Oid == oid);

    /// <summary>
    /// The cipher key from the privacy password's localized key, which is made with the
    /// <em>authentication</em> protocol's hash (RFC 3414 §2.6, RFC 3826 §3.1.2.1): its first
    /// <see cref="KeyLength"/> octets, extended first where the hash is too short.
    /// </summary>
    public abstract byte[] KeyFromLocalizedKey(AuthProtocol auth, ReadOnlySpan<byte> localizedPrivKey);

    /// <summary>The salt for the next outgoing message, drawn from the engine's counter.</summary>
    /// <param name="localEngineBoots">The sending engine's own snmpEngineBoots (DES puts it in the salt).</param>
    public abstract ulong NextSalt(SaltGenerator salts, uint localEngineBoots);

    /// <summary>
    /// Encrypts a serialized ScopedPDU. <paramref name="engineBoots"/> and <paramref name="engineTime"/>
    /// are the authoritative engine's, as carried in the same message (AES uses them in its IV).
    /// msgPrivacyParameters is <paramref name="salt"/>, see <see cref="WritePrivacyParameters"/>.
    /// </summary>
    public abstract byte[] Encrypt(ReadOnlySpan<byte> key, uint engineBoots, uint engineTime, ulong salt, ReadOnlySpan<byte> scopedPdu);

    /// <summary>
    /// Decrypts msgData's encryptedPDU. False means usmStatsDecryptionErrors: msgPrivacyParameters not
    /// exactly 8 octets, or a ciphertext the cipher cannot take. Success says nothing about the
    /// plaintext: the caller's BER decoder decides whether it is a ScopedPDU (and DES's plaintext
    /// keeps its padding, which the ScopedPDU's own length excludes, RFC 3414 §8.1.1.2).
    /// </summary>
    public abstract bool TryDecrypt(ReadOnlySpan<byte> key, uint engineBoots, uint engineTime,
        ReadOnlySpan<byte> privacyParameters, ReadOnlySpan<byte> encryptedPdu, out byte[] scopedPdu);

    /// <summary>msgPrivacyParameters: the salt as 8 octets, most significant first.</summary>
    public static void WritePrivacyParameters(ulong salt, Span<byte> destination) =>
        BinaryPrimitives.WriteUInt64BigEndian(destination, salt);

    public override string ToString() => Name;

    private protected static byte[] Prefix(ReadOnlySpan<byte> key, int length, string protocol)
    {
        if (key.Length < length)
            throw new ArgumentException($"{protocol} needs {length} octets of key, got {key.Length}", nameof(key));
        return key[..length].ToArray();
    }
}
