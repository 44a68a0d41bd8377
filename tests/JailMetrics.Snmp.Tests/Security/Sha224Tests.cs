using System.Text;
using JailMetrics.Snmp.Security;

namespace JailMetrics.Snmp.Tests.Security;

public class Sha224Tests
{
    // FIPS 180-4 examples (NIST CSRC "SHA224.pdf" example values).
    [Theory]
    [InlineData("abc", "23097d22 3405d822 8642a477 bda255b3 2aadbce4 bda0b3f7 e36c9da7")]
    [InlineData("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "75388b16 512776cc 5dba5da1 fd890150 b0c6455c b4f58b19 52522525")]
    [InlineData("", "d14a028c 2a3a2bc9 476102bb 288234c4 15a2b01f 828ea62a c5b3e42f")]
    public void Matches_the_fips_180_4_examples(string message, string digest) =>
        Assert.Equal(Hex.Bytes(digest), Sha224.HashData(Encoding.ASCII.GetBytes(message)));

    [Fact]
    public void A_million_a_fed_in_odd_pieces_matches_the_long_message_vector()
    {
        var sha = new Sha224();
        byte[] piece = Enumerable.Repeat((byte)'a', 997).ToArray();
        int left = 1_000_000;
        while (left > 0)
        {
            int take = Math.Min(left, piece.Length);
            sha.Append(piece.AsSpan(0, take));
            left -= take;
        }
        var digest = new byte[Sha224.HashLength];
        sha.Finish(digest);
        Assert.Equal(Hex.Bytes("20794655 980c91d8 bbb4c1ea 97618a4b f03f4258 1948b2ee 4ee7ad67"), digest);
    }

    [Fact]
    public void Every_split_of_a_message_gives_the_one_shot_digest_and_finish_resets()
    {
        byte[] message = Enumerable.Range(0, 130).Select(i => (byte)i).ToArray();
        byte[] expected = Sha224.HashData(message);
        var sha = new Sha224();
        var digest = new byte[Sha224.HashLength];
        for (int split = 0; split <= message.Length; split++)
        {
            sha.Append(message.AsSpan(0, split));
            sha.Append(message.AsSpan(split));
            sha.Finish(digest);
            Assert.Equal(expected, digest);
        }
    }

    // RFC 4231 §4.2–§4.8 (test case 5, truncated output, is not about the hash).
    [Theory]
    [InlineData("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b", "4869205468657265", "896fb1128abbdf196832107cd49df33f47b4b1169912ba4f53684b22")]
    [InlineData("4a656665", "7768617420646f2079612077616e7420666f72206e6f7468696e673f", "a30e01098bc6dbbf45690f3a7e9e6d0f8bbea2a39e6148008fd05e44")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
        "dddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddddd",
        "7fb3cb3588c6c1f6ffa9694d7d6ad2649365b0c1f65d69d1ec8333ea")]
    [InlineData("0102030405060708090a0b0c0d0e0f10111213141516171819",
        "cdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcdcd",
        "6c11506874013cac6a2abc1bb382627cec6a90d86efc012de7afec5a")]
    public void Hmac_sha224_matches_rfc_4231(string key, string data, string mac)
    {
        var actual = new byte[Sha224.HashLength];
        HmacSha224.HashData(Hex.Bytes(key), Hex.Bytes(data), actual);
        Assert.Equal(Hex.Bytes(mac), actual);
    }

    [Theory]
    [InlineData("Test Using Larger Than Block-Size Key - Hash Key First", "95e9a0db962095adaebe9b2d6f0dbce2d499f112f2d2b7273fa6870e")]
    [InlineData("This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.",
        "3a854166ac5d9f023f54d517d0b39dbd946770db9c2b95c9f6f565d1")]
    public void Hmac_sha224_hashes_a_key_longer_than_the_block_first_rfc_4231(string data, string mac)
    {
        var actual = new byte[Sha224.HashLength];
        HmacSha224.HashData(Enumerable.Repeat((byte)0xaa, 131).ToArray(), Encoding.ASCII.GetBytes(data), actual);
        Assert.Equal(Hex.Bytes(mac), actual);
    }
}
