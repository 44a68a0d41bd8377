using JailMetrics.Snmp.Mib;
using JailMetrics.Snmp.Security;

namespace JailMetrics.Snmp.Tests.Security;

public class AuthProtocolTests
{
    // The reference's table (RFC 3414, RFC 7860 §4 / SNMP-USM-HMAC-SHA2-MIB).
    [Theory]
    [InlineData("MD5", "1.3.6.1.6.3.10.1.1.2", 16, 12)]
    [InlineData("SHA", "1.3.6.1.6.3.10.1.1.3", 20, 12)]
    [InlineData("SHA-224", "1.3.6.1.6.3.10.1.1.4", 28, 16)]
    [InlineData("SHA-256", "1.3.6.1.6.3.10.1.1.5", 32, 24)]
    [InlineData("SHA-384", "1.3.6.1.6.3.10.1.1.6", 48, 32)]
    [InlineData("SHA-512", "1.3.6.1.6.3.10.1.1.7", 64, 48)]
    public void Each_protocol_has_its_oid_key_and_mac_lengths(string name, string oid, int keyLength, int macLength)
    {
        Assert.True(AuthProtocol.TryParse(name, out var protocol));
        Assert.Equal(Oid.Parse(oid), protocol.Oid);
        Assert.Equal(keyLength, protocol.KeyLength);
        Assert.Equal(macLength, protocol.MacLength);
        Assert.Same(protocol, AuthProtocol.FromOid(Oid.Parse(oid)));
    }

    [Theory]
    [InlineData("sha1", "SHA")]
    [InlineData("SHA-1", "SHA")]
    [InlineData("sha256", "SHA-256")]
    [InlineData("Sha-512", "SHA-512")]
    public void Net_snmp_spellings_parse(string text, string name)
    {
        Assert.True(AuthProtocol.TryParse(text, out var protocol));
        Assert.Equal(name, protocol.Name);
    }

    [Theory]
    [InlineData("SHA-3")]
    [InlineData("")]
    [InlineData(null)]
    public void Unknown_names_do_not_parse(string? text) => Assert.False(AuthProtocol.TryParse(text, out _));

    [Theory]
    [InlineData("DES", "1.3.6.1.6.3.10.1.2.2", 16)]
    [InlineData("AES-128", "1.3.6.1.6.3.10.1.2.4", 16)]
    [InlineData("aes", "1.3.6.1.6.3.10.1.2.4", 16)]
    [InlineData("AES-192", "1.3.6.1.4.1.14832.1.3", 24)]
    [InlineData("AES256", "1.3.6.1.4.1.14832.1.4", 32)]
    public void Privacy_protocols_parse_with_their_oids(string text, string oid, int keyLength)
    {
        Assert.True(PrivProtocol.TryParse(text, out var protocol));
        Assert.Equal(Oid.Parse(oid), protocol.Oid);
        Assert.Equal(keyLength, protocol.KeyLength);
        Assert.Same(protocol, PrivProtocol.FromOid(Oid.Parse(oid)));
    }
}
