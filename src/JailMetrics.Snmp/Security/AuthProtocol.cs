using System.Security.Cryptography;
using Oid = JailMetrics.Snmp.Mib.Oid;

namespace JailMetrics.Snmp.Security;

/// <summary>
/// A USM authentication protocol: HMAC-MD5-96 and HMAC-SHA-96 (RFC 3414 §6, §7) and the HMAC-SHA-2
/// family (RFC 7860 §4). Each names its hash, whose output length is also the localized key length,
/// and how many leading MAC octets go on the wire. "No authentication" is the absence of one.
/// </summary>
public sealed class AuthProtocol
{
    /// <summary>snmpAuthProtocols (RFC 3411 §5 / SNMP-FRAMEWORK-MIB).</summary>
    private static readonly Oid AuthProtocols = Oid.Parse("1.3.6.1.6.3.10.1.1");

    public static AuthProtocol HmacMd5 { get; } = new("MD5", 2, HashFunction.Framework(HashAlgorithmName.MD5), 12, ["MD5"]);
    public static AuthProtocol HmacSha1 { get; } = new("SHA", 3, HashFunction.Framework(HashAlgorithmName.SHA1), 12, ["SHA", "SHA1", "SHA-1"]);
    public static AuthProtocol HmacSha224 { get; } = new("SHA-224", 4, HashFunction.Sha224, 16, ["SHA-224", "SHA224"]);
    public static AuthProtocol HmacSha256 { get; } = new("SHA-256", 5, HashFunction.Framework(HashAlgorithmName.SHA256), 24, ["SHA-256", "SHA256"]);
    public static AuthProtocol HmacSha384 { get; } = new("SHA-384", 6, HashFunction.Framework(HashAlgorithmName.SHA384), 32, ["SHA-384", "SHA384"]);
    public static AuthProtocol HmacSha512 { get; } = new("SHA-512", 7, HashFunction.Framework(HashAlgorithmName.SHA512), 48, ["SHA-512", "SHA512"]);

    public static IReadOnlyList<AuthProtocol> All { get; } = [HmacMd5, HmacSha1, HmacSha224, HmacSha256, HmacSha384, HmacSha512];

    private readonly string[] _aliases;

    private AuthProtocol(string name, uint oidArc, HashFunction hash, int macLength, string[] aliases)
    {
        Name = name;
        Oid = AuthProtocols.Append(oidArc);
        Hash = hash;
        MacLength = macLength;
        _aliases = aliases;
    }

    /// <summary>The name net-snmp's <c>-a</c> option uses.</summary>
    public string Name { get; }

    /// <summary>usmHMACMD5AuthProtocol … usmHMAC384SHA512AuthProtocol.</summary>
    public Oid Oid { get; }

    /// <summary>Octets of the hash output, hence of Ku and of the localized key Kul (RFC 3414 §2.6, RFC 7860 §4.2.1).</summary>
    public int KeyLength => Hash.Length;

    /// <summary>Octets of msgAuthenticationParameters: the HMAC truncated to this (12 for MD5/SHA-1, RFC 7860 §4.2.2 for SHA-2).</summary>
    public int MacLength { get; }

    internal HashFunction Hash { get; }

    /// <summary>Parses net-snmp's names (<c>MD5</c>, <c>SHA</c>/<c>SHA1</c>/<c>SHA-1</c>, <c>SHA-224</c>/<c>SHA224</c> …), case-insensitively.</summary>
    public static bool TryParse(string? name, out AuthProtocol protocol)
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

    public static AuthProtocol? FromOid(Oid oid) => All.FirstOrDefault(p => p.Oid == oid);

    /// <summary>The truncated HMAC that goes on the wire: the first <see cref="MacLength"/> octets.</summary>
    internal void ComputeMac(ReadOnlySpan<byte> localizedKey, ReadOnlySpan<byte> message, Span<byte> mac)
    {
        Span<byte> full = stackalloc byte[KeyLength];
        Hash.Hmac(localizedKey, message, full);
        full[..MacLength].CopyTo(mac);
    }

    public override string ToString() => Name;
}
