using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace JailMetrics.Snmp.Security;

/// <summary>
/// One SNMPv3 user (RFC 3414 §2.1 usmUser): its protocols, the least security level it must use,
/// its read view, and its keys. Holds the passwords' Ku (the expensive 1 MiB hash, done once at
/// construction; the passwords themselves are not kept) and localizes them per snmpEngineID on
/// first use, cached, so no key work happens per packet. Thread-safe; never shows a key.
/// </summary>
public sealed class UsmUser
{
    private readonly byte[]? _authKu;
    private readonly byte[]? _privKu;
    private readonly ConcurrentDictionary<string, UsmUserKeys> _keysByEngine = new(StringComparer.Ordinal);

    /// <param name="authPassword">Required when <paramref name="auth"/> is set; at least 8 octets.</param>
    /// <param name="privPassword">Required when <paramref name="privacy"/> is set, which requires <paramref name="auth"/>.</param>
    public UsmUser(string name, AuthProtocol? auth, ReadOnlySpan<byte> authPassword, PrivProtocol? privacy, ReadOnlySpan<byte> privPassword,
        SecurityLevel minimumLevel, AccessView view)
    {
        // RFC 3414 §11.2 / SnmpAdminString: a user name is 1..32 octets.
        NameBytes = Encoding.UTF8.GetBytes(name);
        if (NameBytes.Length is < 1 or > 32) throw new UsmConfigurationException($"SNMPv3 user '{name}': Name must be 1 to 32 octets");
        if (privacy is not null && auth is null) throw new UsmConfigurationException($"SNMPv3 user '{name}': privacy needs authentication (RFC 3414 §3.1.1)");
        if (auth is not null && authPassword.Length < UsmKeyDerivation.MinimumPasswordLength)
            throw new UsmConfigurationException($"SNMPv3 user '{name}': AuthPassword is missing or shorter than {UsmKeyDerivation.MinimumPasswordLength} octets");
        if (privacy is not null && privPassword.Length < UsmKeyDerivation.MinimumPasswordLength)
            throw new UsmConfigurationException($"SNMPv3 user '{name}': PrivPassword is missing or shorter than {UsmKeyDerivation.MinimumPasswordLength} octets");

        Name = name;
        Auth = auth;
        Privacy = privacy;
        MaximumLevel = privacy is not null ? SecurityLevel.AuthPriv : auth is not null ? SecurityLevel.AuthNoPriv : SecurityLevel.NoAuthNoPriv;
        if (minimumLevel > MaximumLevel)
            throw new UsmConfigurationException($"SNMPv3 user '{name}': SecurityLevel {minimumLevel.ToConfigName()} needs {(minimumLevel == SecurityLevel.AuthPriv ? "AuthProtocol and PrivProtocol" : "an AuthProtocol")}");
        MinimumLevel = minimumLevel;
        View = view;

        if (auth is not null)
        {
            _authKu = UsmKeyDerivation.PasswordToKey(auth, authPassword);
            // RFC 3414 §2.6: the privacy key is made with the authentication protocol's hash.
            if (privacy is not null) _privKu = UsmKeyDerivation.PasswordToKey(auth, privPassword);
        }
    }

    public string Name { get; }

    /// <summary>The name as msgUserName carries it.</summary>
    public byte[] NameBytes { get; }

    public AuthProtocol? Auth { get; }

    public PrivProtocol? Privacy { get; }

    /// <summary>Requests below this level are refused (usmStatsUnsupportedSecLevels).</summary>
    public SecurityLevel MinimumLevel { get; }

    /// <summary>The most this user's protocols allow; requests above it are refused as well (RFC 3414 §3.2 step 5).</summary>
    public SecurityLevel MaximumLevel { get; }

    public AccessView View { get; }

    /// <summary>RFC 3414 §3.2 step 5: may a message at <paramref name="level"/> come from this user?</summary>
    public bool Accepts(SecurityLevel level) => level >= MinimumLevel && level <= MaximumLevel;

    /// <summary>
    /// The keys localized to <paramref name="engineId"/>: computed on first use for that engine (a few
    /// hashes; the 1 MiB work was done at construction), then cached. Two threads racing on a new
    /// engine may both compute; the results are identical and one is kept.
    /// </summary>
    public UsmUserKeys KeysFor(ReadOnlySpan<byte> engineId) =>
        _keysByEngine.GetOrAdd(Convert.ToHexString(engineId), static (hex, user) => user.Localize(Convert.FromHexString(hex)), this);

    public override string ToString() =>
        $"UsmUser({Name}, auth {Auth?.Name ?? "none"}, priv {Privacy?.Name ?? "none"}, min {MinimumLevel.ToConfigName()}, view {View.Name})";

    private UsmUserKeys Localize(byte[] engineId)
    {
        if (Auth is null) return new UsmUserKeys(null, null, null);

        byte[] authKey = UsmKeyDerivation.Localize(Auth, _authKu, engineId);
        var authenticator = new Authenticator(Auth, authKey);
        CryptographicOperations.ZeroMemory(authKey);
        if (Privacy is null) return new UsmUserKeys(authenticator, null, null);

        byte[] privKul = UsmKeyDerivation.Localize(Auth, _privKu, engineId);
        byte[] privKey = Privacy.KeyFromLocalizedKey(Auth, privKul);
        CryptographicOperations.ZeroMemory(privKul);
        return new UsmUserKeys(authenticator, Privacy, privKey);
    }
}
