using System.Security.Cryptography;

namespace JailMetrics.Snmp.Security;

/// <summary>
/// The password-to-key algorithm (RFC 3414 §A.2; RFC 7860 §4.2.1 for SHA-2) and key localization
/// (RFC 3414 §2.6). Deliberately slow (a 1 MiB hash per password), so callers compute keys once per
/// (user, engineID) and keep them; nothing here should ever run per packet.
/// </summary>
public static class UsmKeyDerivation
{
    /// <summary>RFC 3414 §A.2.1: the password is repeated to exactly 1,048,576 octets before hashing.</summary>
    public const int ExpandedPasswordLength = 1024 * 1024;

    private const int ChunkLength = 64;

    /// <summary>Minimum password length (RFC 3414 §11.2; net-snmp's USM_LENGTH_P_MIN).</summary>
    public const int MinimumPasswordLength = 8;

    /// <summary>
    /// Ku = H(password repeated and cut to 1 MiB). The expansion is hashed 64 octets at a time: a
    /// buffer holds the password repeated to 64 + its length octets, so every 64-octet window of the
    /// expansion is a slice of it starting at (offset mod password length). The megabyte is never built.
    /// </summary>
    public static byte[] PasswordToKey(AuthProtocol protocol, ReadOnlySpan<byte> password)
    {
        if (password.IsEmpty) throw new ArgumentException("an empty password has no key", nameof(password));

        var repeated = new byte[password.Length + ChunkLength];
        for (int i = 0; i < repeated.Length; i++) repeated[i] = password[i % password.Length];
        try
        {
            using var hasher = protocol.Hash.CreateIncremental();
            int phase = 0;
            for (int done = 0; done < ExpandedPasswordLength; done += ChunkLength)
            {
                hasher.Append(repeated.AsSpan(phase, ChunkLength));
                phase = (phase + ChunkLength) % password.Length;
            }
            var ku = new byte[protocol.KeyLength];
            hasher.Finish(ku);
            return ku;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(repeated);
        }
    }

    /// <summary>Kul = H(Ku ‖ snmpEngineID ‖ Ku) (RFC 3414 §2.6): the key is only good at that engine.</summary>
    public static byte[] Localize(AuthProtocol protocol, ReadOnlySpan<byte> ku, ReadOnlySpan<byte> engineId)
    {
        using var hasher = protocol.Hash.CreateIncremental();
        hasher.Append(ku);
        hasher.Append(engineId);
        hasher.Append(ku);
        var kul = new byte[protocol.KeyLength];
        hasher.Finish(kul);
        return kul;
    }

    /// <summary>Both steps: the localized key of <paramref name="password"/> at <paramref name="engineId"/>.</summary>
    public static byte[] LocalizedKeyFromPassword(AuthProtocol protocol, ReadOnlySpan<byte> password, ReadOnlySpan<byte> engineId)
    {
        byte[] ku = PasswordToKey(protocol, password);
        try
        {
            return Localize(protocol, ku, engineId);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(ku);
        }
    }
}
