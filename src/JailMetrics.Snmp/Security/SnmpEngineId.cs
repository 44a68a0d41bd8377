using System.Buffers.Binary;

namespace JailMetrics.Snmp.Security;

/// <summary>
/// snmpEngineID values (RFC 3411 §5, SnmpEngineID TC): 5 to 32 octets. Ours use the RFC 3411 form:
/// 4 octets of (0x80000000 | IANA private enterprise number), format octet 5 ("octets",
/// administratively assigned), then 8 random octets: unique without depending on an address that
/// can change or be shared between jails.
/// </summary>
/// <remarks>
/// The random octets come from <see cref="Guid.NewGuid"/> (the kernel's random source: getrandom(2) or
/// arc4random(3)), not <see cref="System.Security.Cryptography.RandomNumberGenerator"/>, which is
/// OpenSSL's: loading libcrypto and libssl costs about 3.5 MiB of resident memory (issue 8), and an
/// engine ID needs to be unique, not secret (every SNMPv3 message carries it in clear).
/// </remarks>
public static class SnmpEngineId
{
    public const int MinimumLength = 5;
    public const int MaximumLength = 32;

    /// <summary>RFC 5612's enterprise number for documentation; to be replaced by the project's own PEN.</summary>
    public const uint DocumentationEnterpriseNumber = 32473;

    /// <summary>RFC 3411 §5 format octet: "octets, administratively assigned".</summary>
    public const byte OctetsFormat = 5;

    private const int RandomLength = 8;

    public static byte[] Generate(uint enterpriseNumber = DocumentationEnterpriseNumber)
    {
        if (enterpriseNumber > 0x7fffffff) throw new ArgumentOutOfRangeException(nameof(enterpriseNumber), "a PEN fits in 31 bits");
        var engineId = new byte[4 + 1 + RandomLength];
        BinaryPrimitives.WriteUInt32BigEndian(engineId, 0x80000000u | enterpriseNumber);
        engineId[4] = OctetsFormat;
        // A version 4 GUID has 122 random bits (RFC 9562 §5.4); in the order TryWriteBytes writes them only
        // octets 7 (version) and 8 (variant) hold fixed bits, so 0-3 and 10-13 are wholly random.
        Span<byte> guid = stackalloc byte[16];
        Guid.NewGuid().TryWriteBytes(guid);
        guid[..4].CopyTo(engineId.AsSpan(5));
        guid[10..14].CopyTo(engineId.AsSpan(9));
        return engineId;
    }

    /// <summary>Length 5..32, and not the all-zero or all-0xFF values RFC 3411 §5 forbids.</summary>
    public static bool IsValid(ReadOnlySpan<byte> engineId) =>
        engineId.Length is >= MinimumLength and <= MaximumLength &&
        engineId.ContainsAnyExcept((byte)0x00) && engineId.ContainsAnyExcept((byte)0xff);
}
