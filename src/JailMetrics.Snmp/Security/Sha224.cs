using System.Buffers.Binary;
using System.Numerics;

namespace JailMetrics.Snmp.Security;

/// <summary>
/// SHA-224 (FIPS 180-4 §6.3): the SHA-256 compression function started from its own initial hash
/// value (§5.3.2) and cut to 28 octets. Written here because .NET has no SHA-224, and RFC 7860's
/// usmHMAC128SHA224AuthProtocol needs it. Incremental: <see cref="Append"/> any number of times,
/// then <see cref="Finish"/>, after which the instance starts over.
/// </summary>
internal sealed class Sha224
{
    public const int HashLength = 28;
    public const int BlockLength = 64;

    // FIPS 180-4 §5.3.2: the second 32 bits of the fractional parts of the square roots of the 9th..16th primes.
    private static readonly uint[] InitialHash =
    [
        0xc1059ed8, 0x367cd507, 0x3070dd17, 0xf70e5939, 0xffc00b31, 0x68581511, 0x64f98fa7, 0xbefa4fa4,
    ];

    // FIPS 180-4 §4.2.2: the first 32 bits of the fractional parts of the cube roots of the first 64 primes.
    private static readonly uint[] RoundConstants =
    [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
    ];

    private readonly uint[] _state = new uint[8];
    private readonly uint[] _schedule = new uint[64];
    private readonly byte[] _pending = new byte[BlockLength];
    private int _pendingLength;
    private ulong _totalLength;

    public Sha224() => Reset();

    public static byte[] HashData(ReadOnlySpan<byte> data)
    {
        var sha = new Sha224();
        sha.Append(data);
        var hash = new byte[HashLength];
        sha.Finish(hash);
        return hash;
    }

    public void Append(ReadOnlySpan<byte> data)
    {
        _totalLength += (ulong)data.Length;
        if (_pendingLength > 0)
        {
            int take = Math.Min(BlockLength - _pendingLength, data.Length);
            data[..take].CopyTo(_pending.AsSpan(_pendingLength));
            _pendingLength += take;
            data = data[take..];
            if (_pendingLength < BlockLength) return;
            Compress(_pending);
            _pendingLength = 0;
        }
        while (data.Length >= BlockLength)
        {
            Compress(data[..BlockLength]);
            data = data[BlockLength..];
        }
        data.CopyTo(_pending);
        _pendingLength = data.Length;
    }

    /// <summary>Pads (FIPS 180-4 §5.1.1), writes the 28-octet digest and resets for reuse.</summary>
    public void Finish(Span<byte> destination)
    {
        if (destination.Length < HashLength) throw new ArgumentException($"SHA-224 needs {HashLength} octets", nameof(destination));
        ulong bitLength = _totalLength * 8;
        Span<byte> padding = stackalloc byte[BlockLength * 2];
        padding.Clear();
        padding[0] = 0x80;
        // One 0x80 octet, zeros, then the 64-bit length, ending on a block boundary.
        int padLength = (_pendingLength < BlockLength - 8 ? BlockLength : 2 * BlockLength) - _pendingLength;
        BinaryPrimitives.WriteUInt64BigEndian(padding[(padLength - 8)..], bitLength);
        Append(padding[..padLength]);
        for (int i = 0; i < HashLength / 4; i++)
            BinaryPrimitives.WriteUInt32BigEndian(destination[(i * 4)..], _state[i]);
        Reset();
    }

    private void Reset()
    {
        InitialHash.CopyTo(_state, 0);
        _pendingLength = 0;
        _totalLength = 0;
    }

    // FIPS 180-4 §6.2.2 (SHA-256 hash computation), one 512-bit block.
    private void Compress(ReadOnlySpan<byte> block)
    {
        uint[] w = _schedule;
        for (int t = 0; t < 16; t++) w[t] = BinaryPrimitives.ReadUInt32BigEndian(block[(t * 4)..]);
        for (int t = 16; t < 64; t++)
        {
            uint s0 = BitOperations.RotateRight(w[t - 15], 7) ^ BitOperations.RotateRight(w[t - 15], 18) ^ (w[t - 15] >> 3);
            uint s1 = BitOperations.RotateRight(w[t - 2], 17) ^ BitOperations.RotateRight(w[t - 2], 19) ^ (w[t - 2] >> 10);
            w[t] = unchecked(w[t - 16] + s0 + w[t - 7] + s1);
        }

        uint a = _state[0], b = _state[1], c = _state[2], d = _state[3];
        uint e = _state[4], f = _state[5], g = _state[6], h = _state[7];
        for (int t = 0; t < 64; t++)
        {
            uint bigSigma1 = BitOperations.RotateRight(e, 6) ^ BitOperations.RotateRight(e, 11) ^ BitOperations.RotateRight(e, 25);
            uint choose = (e & f) ^ (~e & g);
            uint t1 = unchecked(h + bigSigma1 + choose + RoundConstants[t] + w[t]);
            uint bigSigma0 = BitOperations.RotateRight(a, 2) ^ BitOperations.RotateRight(a, 13) ^ BitOperations.RotateRight(a, 22);
            uint majority = (a & b) ^ (a & c) ^ (b & c);
            uint t2 = unchecked(bigSigma0 + majority);
            h = g;
            g = f;
            f = e;
            e = unchecked(d + t1);
            d = c;
            c = b;
            b = a;
            a = unchecked(t1 + t2);
        }
        unchecked
        {
            _state[0] += a; _state[1] += b; _state[2] += c; _state[3] += d;
            _state[4] += e; _state[5] += f; _state[6] += g; _state[7] += h;
        }
    }
}
