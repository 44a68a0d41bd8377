using System.Text;

namespace JailMetrics.Snmp.Security;

/// <summary>
/// The configured SNMPv3 users (usmUserTable, RFC 3414 §5, read-only), found by msgUserName.
/// Built once from config: protocol names parsed, passwords resolved and turned into keys, views
/// looked up. Any fault is a <see cref="UsmConfigurationException"/> naming the user and field.
/// </summary>
public sealed class UsmUserStore
{
    // Keyed by the name's octets, each octet one char (Latin-1 is a bijection on bytes), because
    // msgUserName is arbitrary octets and must match exactly, not after lenient UTF-8 decoding.
    private readonly Dictionary<string, UsmUser> _byName = new(StringComparer.Ordinal);

    public UsmUserStore(IEnumerable<UsmUser> users)
    {
        foreach (var user in users)
        {
            if (!_byName.TryAdd(Key(user.NameBytes), user))
                throw new UsmConfigurationException($"SNMPv3 user '{user.Name}' is defined twice");
        }
    }

    public static UsmUserStore Empty { get; } = new([]);

    public IReadOnlyCollection<UsmUser> Users => _byName.Values;

    /// <summary>Builds the users from config, resolving passwords through <paramref name="secrets"/> (environment and files by default).</summary>
    public static UsmUserStore FromOptions(IEnumerable<UsmUserOptions> users, AccessViews? views = null, SecretResolver? secrets = null)
    {
        views ??= AccessViews.Default;
        secrets ??= new SecretResolver();
        return new UsmUserStore(users.Select(options => CreateUser(options, views, secrets)).ToList());
    }

    /// <summary>The user msgUserName names; false means usmStatsUnknownUserNames.</summary>
    public bool TryGetUser(ReadOnlySpan<byte> userName, out UsmUser user) => _byName.TryGetValue(Key(userName), out user!);

    public override string ToString() => $"UsmUserStore({_byName.Count} users)";

    private static UsmUser CreateUser(UsmUserOptions options, AccessViews views, SecretResolver secrets)
    {
        if (string.IsNullOrEmpty(options.Name)) throw new UsmConfigurationException("an SNMPv3 user needs a Name");
        string who = $"SNMPv3 user '{options.Name}'";

        AuthProtocol? auth = null;
        if (options.AuthProtocol is not null && !AuthProtocol.TryParse(options.AuthProtocol, out auth))
            throw new UsmConfigurationException($"{who}: AuthProtocol '{options.AuthProtocol}' is not one of {string.Join(", ", AuthProtocol.All.Select(p => p.Name))}");
        PrivProtocol? privacy = null;
        if (options.PrivProtocol is not null && !PrivProtocol.TryParse(options.PrivProtocol, out privacy))
            throw new UsmConfigurationException($"{who}: PrivProtocol '{options.PrivProtocol}' is not one of {string.Join(", ", PrivProtocol.All.Select(p => p.Name))}");

        byte[]? authPassword = secrets.Resolve(options.Name, "AuthPassword", options.AuthPassword, options.AuthPasswordFile, options.AuthPasswordEnv);
        byte[]? privPassword = secrets.Resolve(options.Name, "PrivPassword", options.PrivPassword, options.PrivPasswordFile, options.PrivPasswordEnv);
        try
        {
            if (auth is null && authPassword is not null) throw new UsmConfigurationException($"{who}: an AuthPassword is set but no AuthProtocol");
            if (privacy is null && privPassword is not null) throw new UsmConfigurationException($"{who}: a PrivPassword is set but no PrivProtocol");
            if (auth is not null && authPassword is null) throw new UsmConfigurationException($"{who}: AuthProtocol {auth.Name} needs AuthPassword, AuthPasswordFile or AuthPasswordEnv");
            if (privacy is not null && privPassword is null) throw new UsmConfigurationException($"{who}: PrivProtocol {privacy.Name} needs PrivPassword, PrivPasswordFile or PrivPasswordEnv");

            SecurityLevel maximum = privacy is not null ? SecurityLevel.AuthPriv : auth is not null ? SecurityLevel.AuthNoPriv : SecurityLevel.NoAuthNoPriv;
            SecurityLevel minimum = maximum;
            if (options.SecurityLevel is not null && !SecurityLevels.TryParse(options.SecurityLevel, out minimum))
                throw new UsmConfigurationException($"{who}: SecurityLevel '{options.SecurityLevel}' is not noAuthNoPriv, authNoPriv or authPriv");

            var view = views.Get(options.View, who);
            return new UsmUser(options.Name, auth, authPassword, privacy, privPassword, minimum, view);
        }
        finally
        {
            if (authPassword is not null) Array.Clear(authPassword);
            if (privPassword is not null) Array.Clear(privPassword);
        }
    }

    private static string Key(ReadOnlySpan<byte> name) => Encoding.Latin1.GetString(name);
}
