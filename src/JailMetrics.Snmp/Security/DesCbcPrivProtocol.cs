using System.Buffers.Binary;
using System.Security.Cryptography;

namespace JailMetrics.Snmp.Security;

/// <summary>
/// usmDESPrivProtocol, CBC-DES (RFC 3414 §8). Obsolete and weak (56-bit keys); offered only because
/// old managers may be configured for it, and only when a user's config asks for it.
/// </summary>
internal sealed class DesCbcPrivProtocol : PrivProtocol
{
    private const int BlockLength = 8;

    /// <summary>The 16-octet secret: DES key (first 8) and pre-IV (last 8), RFC 3414 §8.1.1.1.</summary>
    private const int SecretLength = 16;

    public DesCbcPrivProtocol() : base("DES", PrivProtocols.Append(2), SecretLength, ["DES"]) { }

    /// <summary>
    /// The first 16 octets of the localized key (every USM hash yields at least 16). .NET refuses the
    /// 16 weak and semi-weak DES keys; a localized key hits one with odds of about 2^-52, and then this
    /// password cannot be used with DES at this engine, so it is refused here, once, not per packet.
    /// </summary>
    public override byte[] KeyFromLocalizedKey(AuthProtocol auth, ReadOnlySpan<byte> localizedPrivKey)
    {
        byte[] secret = Prefix(localizedPrivKey, SecretLength, Name);
        if (DES.IsWeakKey(secret[..BlockLength]) || DES.IsSemiWeakKey(secret[..BlockLength]))
            throw new CryptographicException("the privacy password localizes to a weak DES key at this engine; choose another password");
        return secret;
    }

    /// <summary>RFC 3414 §8.1.1.1: the local snmpEngineBoots (4 octets) ‖ a local 32-bit counter.</summary>
    public override ulong NextSalt(SaltGenerator salts, uint localEngineBoots) =>
        ((ulong)localEngineBoots << 32) | (uint)salts.Next();

    /// <summary>RFC 3414 §8.1.1.2: zero-pad to a multiple of 8 (the pad value is irrelevant), CBC.</summary>
    public override byte[] Encrypt(ReadOnlySpan<byte> key, uint engineBoots, uint engineTime, ulong salt, ReadOnlySpan<byte> scopedPdu)
    {
        int paddedLength = Math.Max(BlockLength, (scopedPdu.Length + BlockLength - 1) / BlockLength * BlockLength);
        byte[] padded = new byte[paddedLength];
        scopedPdu.CopyTo(padded);
        try
        {
            using var des = CreateDes(key);
            Span<byte> iv = stackalloc byte[BlockLength];
            WriteIv(iv, key, salt);
            return des.EncryptCbc(padded, iv, PaddingMode.None);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(padded);
        }
    }

    public override bool TryDecrypt(ReadOnlySpan<byte> key, uint engineBoots, uint engineTime,
        ReadOnlySpan<byte> privacyParameters, ReadOnlySpan<byte> encryptedPdu, out byte[] scopedPdu)
    {
        scopedPdu = [];
        // RFC 3414 §8.3.2 step 1 (salt must be 8 octets) and step 3 (a whole number of 8-octet blocks).
        if (privacyParameters.Length != PrivacyParametersLength) return false;
        if (encryptedPdu.IsEmpty || encryptedPdu.Length % BlockLength != 0) return false;

        using var des = CreateDes(key);
        Span<byte> iv = stackalloc byte[BlockLength];
        WriteIv(iv, key, BinaryPrimitives.ReadUInt64BigEndian(privacyParameters));
        scopedPdu = des.DecryptCbc(encryptedPdu, iv, PaddingMode.None);
        return true;
    }

    /// <summary>RFC 3414 §8.1.1.1: IV = pre-IV (last 8 octets of the secret) XOR salt.</summary>
    private static void WriteIv(Span<byte> iv, ReadOnlySpan<byte> secret, ulong salt)
    {
        BinaryPrimitives.WriteUInt64BigEndian(iv, salt);
        for (int i = 0; i < BlockLength; i++) iv[i] ^= secret[BlockLength + i];
    }

    private DES CreateDes(ReadOnlySpan<byte> secret)
    {
        if (secret.Length != SecretLength) throw new ArgumentException($"{Name} needs a {SecretLength}-octet secret, got {secret.Length}", nameof(secret));
        var des = DES.Create();
        des.SetKey(secret[..BlockLength]);
        return des;
    }
}
