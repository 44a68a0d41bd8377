using System.Buffers.Binary;
using System.Collections.Concurrent;
using JailMetrics.Snmp.Security;

namespace JailMetrics.Snmp.Tests.Security;

public class PrivProtocolTests
{
    [Fact]
    public void Vector_e_request_decrypts_to_its_scoped_pdu()
    {
        byte[] encrypted = VectorE.EncryptedPart(VectorE.Request(), VectorE.RequestEncryptedLength);

        Assert.True(PrivProtocol.Aes128.TryDecrypt(VectorE.PrivKey, VectorE.Boots, VectorE.Time, VectorE.RequestSalt, encrypted, out byte[] plaintext));

        Assert.Equal(VectorE.RequestScopedPdu, plaintext);
    }

    [Fact]
    public void Vector_e_response_decrypts_to_the_test_agent_answer()
    {
        byte[] encrypted = VectorE.EncryptedPart(VectorE.Response(), VectorE.ResponseEncryptedLength);

        Assert.True(PrivProtocol.Aes128.TryDecrypt(VectorE.PrivKey, VectorE.Boots, VectorE.Time, VectorE.ResponseSalt, encrypted, out byte[] plaintext));

        Assert.Equal(VectorE.ResponseScopedPdu, plaintext);
    }

    [Fact]
    public void Encrypting_with_vector_e_salts_gives_net_snmps_ciphertext()
    {
        ulong requestSalt = BinaryPrimitives.ReadUInt64BigEndian(VectorE.RequestSalt);
        ulong responseSalt = BinaryPrimitives.ReadUInt64BigEndian(VectorE.ResponseSalt);

        Assert.Equal(VectorE.EncryptedPart(VectorE.Request(), VectorE.RequestEncryptedLength),
            PrivProtocol.Aes128.Encrypt(VectorE.PrivKey, VectorE.Boots, VectorE.Time, requestSalt, VectorE.RequestScopedPdu));
        Assert.Equal(VectorE.EncryptedPart(VectorE.Response(), VectorE.ResponseEncryptedLength),
            PrivProtocol.Aes128.Encrypt(VectorE.PrivKey, VectorE.Boots, VectorE.Time, responseSalt, VectorE.ResponseScopedPdu));

        Span<byte> parameters = stackalloc byte[PrivProtocol.PrivacyParametersLength];
        PrivProtocol.WritePrivacyParameters(responseSalt, parameters);
        Assert.Equal(VectorE.ResponseSalt, parameters.ToArray());
    }

    public static TheoryData<string, string, int> ProtocolsAndLengths()
    {
        var data = new TheoryData<string, string, int>();
        foreach (var priv in PrivProtocol.All)
            foreach (var auth in new[] { "MD5", "SHA", "SHA-224", "SHA-512" })
                foreach (int length in new[] { 1, 8, 15, 16, 17, 53, 300 })
                    data.Add(priv.Name, auth, length);
        return data;
    }

    [Theory]
    [MemberData(nameof(ProtocolsAndLengths))]
    public void Every_protocol_round_trips(string privName, string authName, int length)
    {
        Assert.True(PrivProtocol.TryParse(privName, out var priv));
        Assert.True(AuthProtocol.TryParse(authName, out var auth));
        byte[] kul = UsmKeyDerivation.LocalizedKeyFromPassword(auth, "privpass123"u8, VectorE.EngineId);
        byte[] key = priv.KeyFromLocalizedKey(auth, kul);
        Assert.Equal(priv.KeyLength, key.Length);

        byte[] plaintext = new byte[length];
        Random.Shared.NextBytes(plaintext);
        ulong salt = priv.NextSalt(new SaltGenerator(), localEngineBoots: 7);
        byte[] ciphertext = priv.Encrypt(key, 7, 12345, salt, plaintext);
        Span<byte> parameters = stackalloc byte[8];
        PrivProtocol.WritePrivacyParameters(salt, parameters);

        Assert.True(priv.TryDecrypt(key, 7, 12345, parameters, ciphertext, out byte[] decrypted));
        if (priv == PrivProtocol.Des)
        {
            // RFC 3414 §8.1.1.2: padded to whole 8-octet blocks; the ScopedPDU's own length tells where it ends.
            Assert.Equal((length + 7) / 8 * 8, ciphertext.Length);
            Assert.Equal(plaintext, decrypted[..length]);
        }
        else
        {
            Assert.Equal(length, ciphertext.Length); // RFC 3826 §3.1.3: CFB, no padding
            Assert.Equal(plaintext, decrypted);
        }
        if (length >= 8) Assert.NotEqual(plaintext, ciphertext[..length]); // a 1-octet match is 1 in 256 chance
    }

    [Fact]
    public void Aes_iv_depends_on_boots_time_and_salt()
    {
        byte[] plaintext = VectorE.RequestScopedPdu;
        byte[] baseline = PrivProtocol.Aes128.Encrypt(VectorE.PrivKey, 1, 9, 5, plaintext);
        Assert.NotEqual(baseline, PrivProtocol.Aes128.Encrypt(VectorE.PrivKey, 2, 9, 5, plaintext));
        Assert.NotEqual(baseline, PrivProtocol.Aes128.Encrypt(VectorE.PrivKey, 1, 10, 5, plaintext));
        Assert.NotEqual(baseline, PrivProtocol.Aes128.Encrypt(VectorE.PrivKey, 1, 9, 6, plaintext));
    }

    // Expected keys computed independently (Python hashlib): Kul ‖ H(Kul) … as net-snmp's
    // _kul_extend_blumenthal does, and confirmed by NetSnmpCaptureTests decrypting snmpget's packets.
    [Theory]
    [InlineData("SHA", "AES-192", "cdfa2c21c7d66293ca6271ff426df90c69f856c8b622088a")]
    [InlineData("SHA", "AES-256", "cdfa2c21c7d66293ca6271ff426df90c69f856c8b622088a982035933e26ff93")]
    [InlineData("MD5", "AES-256", "9a9b234cb45f262f6e0ff8e42cd1ec34d3330153e068d30d921069c8c22c04ec")]
    [InlineData("SHA-512", "AES-192", "345fa0098a737b722e1e2c503aef92fa5c141c352480e870")]
    [InlineData("MD5", "DES", "9a9b234cb45f262f6e0ff8e42cd1ec34")]
    public void Short_hashes_are_extended_the_way_net_snmp_does(string authName, string privName, string key)
    {
        Assert.True(AuthProtocol.TryParse(authName, out var auth));
        Assert.True(PrivProtocol.TryParse(privName, out var priv));
        byte[] kul = UsmKeyDerivation.LocalizedKeyFromPassword(auth, "privpass123"u8, VectorE.EngineId);
        Assert.Equal(key, Hex.Of(priv.KeyFromLocalizedKey(auth, kul)));
    }

    [Fact]
    public void Des_salt_is_local_boots_then_a_counter()
    {
        var salts = new SaltGenerator(0xAAAAAAAA_00000010);
        Assert.Equal(0x00000007_00000010UL, PrivProtocol.Des.NextSalt(salts, 7));
        Assert.Equal(0x00000007_00000011UL, PrivProtocol.Des.NextSalt(salts, 7));
        Assert.Equal(0xAAAAAAAA_00000012UL, PrivProtocol.Aes128.NextSalt(salts, 7));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(9)]
    public void Privacy_parameters_of_other_than_8_octets_are_a_decryption_error(int length)
    {
        foreach (var priv in PrivProtocol.All)
        {
            byte[] key = new byte[priv.KeyLength];
            Assert.False(priv.TryDecrypt(key, 1, 9, new byte[length], new byte[16], out _), priv.Name);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(12)]
    public void Des_ciphertext_not_in_whole_blocks_is_a_decryption_error(int length) =>
        Assert.False(PrivProtocol.Des.TryDecrypt(new byte[16], 1, 9, new byte[8], new byte[length], out _));

    [Fact]
    public void Salts_count_up_from_their_start_and_wrap()
    {
        var salts = new SaltGenerator(ulong.MaxValue);
        Assert.Equal(ulong.MaxValue, salts.Next());
        Assert.Equal(0UL, salts.Next());
        Assert.Equal(1UL, salts.Next());
    }

    [Fact]
    public void Concurrent_salts_are_never_repeated()
    {
        var salts = new SaltGenerator();
        var seen = new ConcurrentDictionary<ulong, bool>();
        Parallel.For(0, 8, _ =>
        {
            for (int i = 0; i < 10_000; i++) Assert.True(seen.TryAdd(salts.Next(), true));
        });
        Assert.Equal(80_000, seen.Count);
    }

    [Fact]
    public void Two_generators_start_at_different_random_points()
    {
        Assert.NotEqual(new SaltGenerator().Next(), new SaltGenerator().Next());
    }
}
