using System.Security.Cryptography;

namespace JailMetrics.Snmp.Security;

/// <summary>
/// HMAC (RFC 2104) over our <see cref="Sha224"/>: H((K ⊕ opad) ‖ H((K ⊕ ipad) ‖ message)), with a key
/// longer than the 64-octet block first hashed down. .NET's HMAC classes cannot take a foreign hash.
/// </summary>
internal static class HmacSha224
{
    private const byte InnerPad = 0x36;
    private const byte OuterPad = 0x5c;

    public static void HashData(ReadOnlySpan<byte> key, ReadOnlySpan<byte> message, Span<byte> destination)
    {
        Span<byte> block = stackalloc byte[Sha224.BlockLength];
        block.Clear();
        if (key.Length > Sha224.BlockLength) Sha224.HashData(key).CopyTo(block);
        else key.CopyTo(block);

        var sha = new Sha224();
        Span<byte> padded = stackalloc byte[Sha224.BlockLength];
        Span<byte> inner = stackalloc byte[Sha224.HashLength];

        for (int i = 0; i < padded.Length; i++) padded[i] = (byte)(block[i] ^ InnerPad);
        sha.Append(padded);
        sha.Append(message);
        sha.Finish(inner);

        for (int i = 0; i < padded.Length; i++) padded[i] = (byte)(block[i] ^ OuterPad);
        sha.Append(padded);
        sha.Append(inner);
        sha.Finish(destination);

        // The padded key is key material: do not leave it on the stack.
        CryptographicOperations.ZeroMemory(block);
        CryptographicOperations.ZeroMemory(padded);
    }
}
