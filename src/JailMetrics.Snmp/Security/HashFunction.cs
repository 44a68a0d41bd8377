using System.Security.Cryptography;

namespace JailMetrics.Snmp.Security;

/// <summary>
/// The hash behind one USM authentication protocol: one-shot, incremental (for the 1 MiB password
/// expansion) and as a full-length HMAC. The framework's implementations where .NET has them;
/// SHA-224 is ours.
/// </summary>
internal abstract class HashFunction
{
    public abstract int Length { get; }

    public abstract IncrementalHasher CreateIncremental();

    /// <summary>The full, untruncated HMAC of <paramref name="message"/> (destination ≥ <see cref="Length"/>).</summary>
    public abstract void Hmac(ReadOnlySpan<byte> key, ReadOnlySpan<byte> message, Span<byte> destination);

    public byte[] Hash(ReadOnlySpan<byte> data)
    {
        using var hasher = CreateIncremental();
        hasher.Append(data);
        var hash = new byte[Length];
        hasher.Finish(hash);
        return hash;
    }

    public static HashFunction Framework(HashAlgorithmName name) => new FrameworkHash(name);

    public static HashFunction Sha224 { get; } = new OwnSha224();

    /// <summary>Feeds data piece by piece; <see cref="Finish"/> writes the digest and starts over.</summary>
    internal abstract class IncrementalHasher : IDisposable
    {
        public abstract void Append(ReadOnlySpan<byte> data);
        public abstract void Finish(Span<byte> destination);
        public virtual void Dispose() { }
    }

    private sealed class FrameworkHash(HashAlgorithmName name) : HashFunction
    {
        public override int Length { get; } = name.Name switch
        {
            "MD5" => MD5.HashSizeInBytes,
            "SHA1" => SHA1.HashSizeInBytes,
            "SHA256" => SHA256.HashSizeInBytes,
            "SHA384" => SHA384.HashSizeInBytes,
            "SHA512" => SHA512.HashSizeInBytes,
            _ => throw new ArgumentException($"no USM hash named {name}", nameof(name)),
        };

        public override IncrementalHasher CreateIncremental() => new FrameworkIncremental(IncrementalHash.CreateHash(name));

        public override void Hmac(ReadOnlySpan<byte> key, ReadOnlySpan<byte> message, Span<byte> destination)
        {
            int written = name.Name switch
            {
                "MD5" => HMACMD5.HashData(key, message, destination),
                "SHA1" => HMACSHA1.HashData(key, message, destination),
                "SHA256" => HMACSHA256.HashData(key, message, destination),
                "SHA384" => HMACSHA384.HashData(key, message, destination),
                _ => HMACSHA512.HashData(key, message, destination),
            };
            if (written != Length) throw new CryptographicException($"HMAC-{name} wrote {written} octets, expected {Length}");
        }

        private sealed class FrameworkIncremental(IncrementalHash hash) : IncrementalHasher
        {
            public override void Append(ReadOnlySpan<byte> data) => hash.AppendData(data);
            public override void Finish(Span<byte> destination) => hash.GetHashAndReset(destination);
            public override void Dispose() => hash.Dispose();
        }
    }

    private sealed class OwnSha224 : HashFunction
    {
        public override int Length => Security.Sha224.HashLength;

        public override IncrementalHasher CreateIncremental() => new OwnIncremental(new Security.Sha224());

        public override void Hmac(ReadOnlySpan<byte> key, ReadOnlySpan<byte> message, Span<byte> destination) =>
            HmacSha224.HashData(key, message, destination);

        private sealed class OwnIncremental(Security.Sha224 sha) : IncrementalHasher
        {
            public override void Append(ReadOnlySpan<byte> data) => sha.Append(data);
            public override void Finish(Span<byte> destination) => sha.Finish(destination);
        }
    }
}
