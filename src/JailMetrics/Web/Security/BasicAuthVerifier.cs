using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace JailMetrics.Service.Web.Security;

/// <summary>
/// Checks a user name and password against the bcrypt hashes of <c>basic_auth_users</c>.
/// <list type="bullet">
/// <item>An unknown user costs the same as a known one: the password is checked against a dummy hash of
/// the same cost, so response times do not tell which users exist.</item>
/// <item>A success is remembered, keyed by a SHA-256 of (user, password, stored hash) as exporter-toolkit
/// does: bcrypt at cost 10 takes tens of milliseconds, and Prometheus sends the same credentials on
/// every scrape. A changed hash or password misses the cache. Failures are never cached, so guessing
/// cannot fill it.</item>
/// <item>One bcrypt runs at a time, so a flood of bad passwords occupies one core, not all of them.</item>
/// </list>
/// </summary>
public sealed class BasicAuthVerifier
{
    private const int MaxCachedSuccesses = 1024;

    private readonly IReadOnlyDictionary<string, string> _users;
    private readonly string _dummyHash;
    private readonly ConcurrentDictionary<string, bool> _successes = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _bcrypt = new(1, 1);

    public BasicAuthVerifier(IReadOnlyDictionary<string, string> users)
    {
        _users = users;
        int cost = users.Count == 0 ? BcryptPassword.DefaultCost : users.Values.Max(BcryptPassword.CostOf);
        // A random password nobody can send, hashed at the highest configured cost.
        _dummyHash = BcryptPassword.Hash(Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)), cost);
    }

    /// <summary>Whether any user is configured; without one, every request is let through.</summary>
    public bool Enabled => _users.Count > 0;

    public async ValueTask<bool> VerifyAsync(string user, string password, CancellationToken cancellationToken)
    {
        bool known = _users.TryGetValue(user, out string? hash);
        hash ??= _dummyHash;
        string key = CacheKey(user, password, hash);
        if (known && _successes.ContainsKey(key)) return true;

        await _bcrypt.WaitAsync(cancellationToken).ConfigureAwait(false);
        bool matches;
        try
        {
            matches = BcryptPassword.Verify(password, hash);
        }
        finally
        {
            _bcrypt.Release();
        }
        if (!known || !matches) return false;
        if (_successes.Count >= MaxCachedSuccesses) _successes.Clear();
        _successes[key] = true;
        return true;
    }

    private static string CacheKey(string user, string password, string hash) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{user}\0{password}\0{hash}")));
}
