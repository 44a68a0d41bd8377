using System.Text;
using JailMetrics.Snmp.Security;

namespace JailMetrics.Snmp.Tests.Security;

public class UsmKeyDerivationTests
{
    private static readonly byte[] Maplesyrup = Encoding.ASCII.GetBytes("maplesyrup");
    private static readonly byte[] EngineId = Hex.Bytes("00 00 00 00 00 00 00 00 00 00 00 02");

    // Reference vector C: RFC 3414 §A.3.1 (MD5), §A.3.2 (SHA-1); SHA-2 rows from two independent suites.
    [Theory]
    [InlineData("MD5", "9faf3283884e92834ebc9847d8edd963", "526f5eed9fcce26f8964c2930787d82b")]
    [InlineData("SHA", "9fb5cc0381497b3793528939ff788d5d79145211", "6695febc9288e36282235fc7151f128497b38f3f")]
    [InlineData("SHA-224", "282a5867ee9aac639ad59df9572c7d3ac0fbc13a905b6df07dbbf00b", "0bd8827c6e29f8065e08e09237f177e410f69b90e1782be682075674")]
    [InlineData("SHA-256", "ab51014d1e077f6017df2b12bee5f5aa72993177e9bb569c4dff5a4ca0b4afac", "8982e0e549e866db361a6b625d84cccc11162d453ee8ce3a6445c2d6776f0f8b")]
    [InlineData("SHA-384",
        "e06eccdf2c68a06ed034723c9c26e0db3b669e1e2efed49150b55377a2e98f383c86fb836857444654b287c93f51ff64",
        "3b298f16164a11184279d5432bf169e2d2a48307de02b3d3f7e2b4f36eb6f0455a53689a3937eea07319a633d2ccba78")]
    [InlineData("SHA-512",
        "7e4396de5aadc77be853819b98c9406265b3a9c37cc3176569847a4e4f6fba63dd3a73d04924d31a63f95a601f9385af6be4ed1b37f87d040f7c6ed6f8d38a91",
        "22a5a36cedfcc085807a128d7bc6c2382167ad6c0dbc5fdff856740f3d84c099ad1ea87a8db096714d9788bd544047c9021e4229ce27e4c0a69250adfcffbb0b")]
    public void Maplesyrup_gives_vector_c(string protocolName, string ku, string kul)
    {
        Assert.True(AuthProtocol.TryParse(protocolName, out var protocol));

        byte[] actualKu = UsmKeyDerivation.PasswordToKey(protocol, Maplesyrup);
        Assert.Equal(ku, Hex.Of(actualKu));
        Assert.Equal(kul, Hex.Of(UsmKeyDerivation.Localize(protocol, actualKu, EngineId)));
        Assert.Equal(kul, Hex.Of(UsmKeyDerivation.LocalizedKeyFromPassword(protocol, Maplesyrup, EngineId)));
    }

    [Fact]
    public void Expansion_is_exact_for_passwords_that_do_not_divide_the_megabyte()
    {
        // 1 MiB is not a multiple of 7 or 64+1: the phase arithmetic must match a literal expansion.
        foreach (string password in new[] { "abcdefg", new string('x', 65), new string('p', 200) })
        {
            byte[] bytes = Encoding.ASCII.GetBytes(password);
            byte[] expanded = new byte[UsmKeyDerivation.ExpandedPasswordLength];
            for (int i = 0; i < expanded.Length; i++) expanded[i] = bytes[i % bytes.Length];
            Assert.Equal(System.Security.Cryptography.SHA1.HashData(expanded), UsmKeyDerivation.PasswordToKey(AuthProtocol.HmacSha1, bytes));
        }
    }

    [Fact]
    public void Vector_e_keys_come_out_of_the_passwords()
    {
        byte[] engineId = Hex.Bytes("80001f8880ca2a6c4f509b0a6b00000000");
        Assert.Equal("4f6adf8ca4fcd26e4b2327e3801d592187f797f0",
            Hex.Of(UsmKeyDerivation.LocalizedKeyFromPassword(AuthProtocol.HmacSha1, "authpass123"u8, engineId)));
        byte[] privKul = UsmKeyDerivation.LocalizedKeyFromPassword(AuthProtocol.HmacSha1, "privpass123"u8, engineId);
        Assert.Equal("cdfa2c21c7d66293ca6271ff426df90c", Hex.Of(PrivProtocol.Aes128.KeyFromLocalizedKey(AuthProtocol.HmacSha1, privKul)));
    }
}
