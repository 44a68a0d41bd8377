using System.Buffers.Binary;
using System.Security.Cryptography;
using Oid = JailMetrics.Snmp.Mib.Oid;

namespace JailMetrics.Snmp.Security;

/// <summary>
/// AES in 128-bit cipher feedback mode: usmAesCfb128Protocol (RFC 3826 §3.1) and, with the same IV and
/// salt rules but longer keys, net-snmp's non-standard AES-192/AES-256 (draft-blumenthal-aes-usm-04,
/// OIDs from the ESO consortium MIB, as net-snmp 5.9 <c>snmplib/snmpusm.c</c> declares them).
/// </summary>
internal sealed class AesCfbPrivProtocol : PrivProtocol
{
    private const int BlockLength = 16;

    public static AesCfbPrivProtocol Rfc3826Aes128 { get; } = new("AES", PrivProtocols.Append(4), 16, ["AES", "AES-128", "AES128"]);
    public static AesCfbPrivProtocol BlumenthalAes192 { get; } = new("AES-192", Oid.Parse("1.3.6.1.4.1.14832.1.3"), 24, ["AES-192", "AES192"]);
    public static AesCfbPrivProtocol BlumenthalAes256 { get; } = new("AES-256", Oid.Parse("1.3.6.1.4.1.14832.1.4"), 32, ["AES-256", "AES256"]);

    private AesCfbPrivProtocol(string name, Oid oid, int keyLength, string[] aliases) : base(name, oid, keyLength, aliases) { }

    /// <summary>
    /// The first <see cref="PrivProtocol.KeyLength"/> octets of the localized key (RFC 3826 §3.1.2.1).
    /// When the hash is shorter than the AES key (MD5 or SHA-1 with AES-192/256), it is extended as
    /// draft-blumenthal-aes-usm-04 §3.1.2.1 says and net-snmp 5.9 does (<c>_kul_extend_blumenthal</c>
    /// in <c>snmplib/keytools.c</c>, used by <c>-x AES-192/AES-256</c>; the "-C" Cisco variants use
    /// Reeder's extension instead and are not offered here): Kul = Kul ‖ H(Kul), the whole key so far
    /// hashed each round, until long enough; then truncated.
    /// </summary>
    public override byte[] KeyFromLocalizedKey(AuthProtocol auth, ReadOnlySpan<byte> localizedPrivKey)
    {
        if (localizedPrivKey.Length >= KeyLength) return localizedPrivKey[..KeyLength].ToArray();

        byte[] extended = localizedPrivKey.ToArray();
        while (extended.Length < KeyLength)
        {
            byte[] more = auth.Hash.Hash(extended);
            byte[] longer = [.. extended, .. more];
            CryptographicOperations.ZeroMemory(extended);
            CryptographicOperations.ZeroMemory(more);
            extended = longer;
        }
        byte[] key = extended[..KeyLength];
        CryptographicOperations.ZeroMemory(extended);
        return key;
    }

    /// <summary>RFC 3826 §3.1.2.1: a 64-bit local integer, incremented per message.</summary>
    public override ulong NextSalt(SaltGenerator salts, uint localEngineBoots) => salts.Next();

    public override byte[] Encrypt(ReadOnlySpan<byte> key, uint engineBoots, uint engineTime, ulong salt, ReadOnlySpan<byte> scopedPdu)
    {
        Span<byte> iv = stackalloc byte[BlockLength];
        WriteIv(iv, engineBoots, engineTime, salt);
        return Transform(key, iv, scopedPdu, encrypt: true);
    }

    public override bool TryDecrypt(ReadOnlySpan<byte> key, uint engineBoots, uint engineTime,
        ReadOnlySpan<byte> privacyParameters, ReadOnlySpan<byte> encryptedPdu, out byte[] scopedPdu)
    {
        // RFC 3826 §3.1.4 step 1: msgPrivacyParameters must be exactly 8 octets.
        if (privacyParameters.Length != PrivacyParametersLength)
        {
            scopedPdu = [];
            return false;
        }
        Span<byte> iv = stackalloc byte[BlockLength];
        WriteIv(iv, engineBoots, engineTime, BinaryPrimitives.ReadUInt64BigEndian(privacyParameters));
        scopedPdu = Transform(key, iv, encryptedPdu, encrypt: false);
        return true;
    }

    /// <summary>RFC 3826 §3.1.2.1: IV = engineBoots (4 octets) ‖ engineTime (4) ‖ salt (8), all big-endian.</summary>
    private static void WriteIv(Span<byte> iv, uint engineBoots, uint engineTime, ulong salt)
    {
        BinaryPrimitives.WriteUInt32BigEndian(iv, engineBoots);
        BinaryPrimitives.WriteUInt32BigEndian(iv[4..], engineTime);
        BinaryPrimitives.WriteUInt64BigEndian(iv[8..], salt);
    }

    /// <summary>
    /// CFB128 with no padding: output as long as input (RFC 3826 §3.1.3). .NET's one-shot CFB only
    /// takes whole blocks, so the input is zero-padded to a block multiple and the output cut back;
    /// in CFB a block's output depends only on what precedes it, so the cut-off tail changes nothing.
    /// The default feedback size is 8 bits (CFB8), which SNMP does not use: 128 is passed explicitly.
    /// </summary>
    private byte[] Transform(ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> input, bool encrypt)
    {
        if (key.Length != KeyLength) throw new ArgumentException($"{Name} needs a {KeyLength}-octet key, got {key.Length}", nameof(key));

        int paddedLength = (input.Length + BlockLength - 1) / BlockLength * BlockLength;
        byte[] padded = new byte[paddedLength];
        input.CopyTo(padded);
        byte[] output = new byte[paddedLength];
        try
        {
            using var aes = Aes.Create();
            aes.SetKey(key);
            if (encrypt) aes.EncryptCfb(padded, iv, output, PaddingMode.None, feedbackSizeInBits: 128);
            else aes.DecryptCfb(padded, iv, output, PaddingMode.None, feedbackSizeInBits: 128);
            return output[..input.Length];
        }
        finally
        {
            CryptographicOperations.ZeroMemory(padded);
            CryptographicOperations.ZeroMemory(output);
        }
    }
}
