using System.Security.Cryptography;

namespace JailMetrics.Snmp.Security;

/// <summary>
/// The local salt counter behind msgPrivacyParameters: a random 64-bit start, then +1 per encrypted
/// message (RFC 3826 §3.1.2.1; RFC 3414 §8.1.1.1 for DES's 32-bit half). Counting instead of drawing
/// random salts makes reuse under one key impossible for 2^64 messages rather than merely unlikely;
/// the random start keeps a restarted engine from replaying the salts of its previous run.
/// One instance per engine, shared by all users; thread-safe.
/// </summary>
/// <remarks>
/// The random start is drawn with the first salt, not when the engine starts: .NET's random number
/// generator is OpenSSL's, and loading libcrypto and libssl costs about 3.5 MiB of resident memory
/// (issue 8) that a service without SNMPv3 privacy never needs.
/// </remarks>
public sealed class SaltGenerator
{
    private readonly Lock _startLock = new();
    private long _last;
    private volatile bool _started;

    public SaltGenerator() { }

    /// <summary>A generator whose first salt is <paramref name="first"/> (tests).</summary>
    public SaltGenerator(ulong first)
    {
        _last = unchecked((long)(first - 1));
        _started = true;
    }

    /// <summary>The next salt; wraps modulo 2^64, which is also what RFC 3826 allows.</summary>
    public ulong Next()
    {
        if (!_started) Start();
        return unchecked((ulong)Interlocked.Increment(ref _last));
    }

    private void Start()
    {
        lock (_startLock)
        {
            if (_started) return;
            _last = unchecked((long)(RandomStart() - 1));
            _started = true;
        }
    }

    private static ulong RandomStart()
    {
        Span<byte> bytes = stackalloc byte[8];
        RandomNumberGenerator.Fill(bytes);
        return BitConverter.ToUInt64(bytes);
    }
}
