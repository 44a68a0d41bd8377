using System.Buffers.Binary;
using System.Security.Cryptography;

namespace JailMetrics.Snmp.Security;

/// <summary>
/// snmpEngineID values (RFC 3411 §5, SnmpEngineID TC): 5 to 32 octets. Ours use the RFC 3411 form:
/// 4 octets of (0x80000000 | IANA private enterprise number), format octet 5 ("octets",
/// administratively assigned), then 8 random octets: unique without depending on an address that
/// can change or be shared between jails.
/// </summary>
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
        RandomNumberGenerator.Fill(engineId.AsSpan(5));
        return engineId;
    }

    /// <summary>Length 5..32, and not the all-zero or all-0xFF values RFC 3411 §5 forbids.</summary>
    public static bool IsValid(ReadOnlySpan<byte> engineId) =>
        engineId.Length is >= MinimumLength and <= MaximumLength &&
        engineId.ContainsAnyExcept((byte)0x00) && engineId.ContainsAnyExcept((byte)0xff);
}
