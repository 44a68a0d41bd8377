using System.Text;
using JailMetrics.Snmp.Protocol;
using JailMetrics.Snmp.Security;

namespace JailMetrics.Snmp.Notifications;

/// <summary>
/// One validated notification target (RFC 3413 §7 snmpTargetAddrEntry + snmpTargetParamsEntry, the
/// read-only subset): where, which message processing model and security, trap or inform, and the
/// inform retry budget. Built once from config; passwords are already keys.
/// </summary>
public sealed class NotificationTarget
{
    /// <summary>Backoff doubles the wait per retry but never beyond this: a receiver that is down for minutes should not make one inform wait for hours.</summary>
    public static readonly TimeSpan MaximumTimeout = TimeSpan.FromSeconds(60);

    private NotificationTarget(string name, NotificationAddress address, SnmpVersion version, byte[] community, UsmUser? user,
        SecurityLevel securityLevel, bool inform, TimeSpan timeout, int retries)
    {
        Name = name;
        Address = address;
        Version = version;
        Community = community;
        User = user;
        SecurityLevel = securityLevel;
        Inform = inform;
        Timeout = timeout;
        Retries = retries;
    }

    public string Name { get; }

    public NotificationAddress Address { get; }

    /// <summary><see cref="SnmpVersion.V2c"/> or <see cref="SnmpVersion.V3"/>.</summary>
    public SnmpVersion Version { get; }

    /// <summary>v2c only.</summary>
    internal byte[] Community { get; }

    /// <summary>v3 only: the USM user, with its password-derived keys.</summary>
    public UsmUser? User { get; }

    /// <summary>v3 only: the level messages are sent at.</summary>
    public SecurityLevel SecurityLevel { get; }

    public bool Inform { get; }

    /// <summary>The first attempt's wait for a Response.</summary>
    public TimeSpan Timeout { get; }

    public int Retries { get; }

    /// <summary>
    /// How long attempt <paramref name="attempt"/> (0 = the first transmission) waits: the timeout
    /// doubled per retry, capped at <see cref="MaximumTimeout"/>. Exponential backoff keeps a
    /// congested receiver or link from being hit ever harder at the moment it is struggling.
    /// </summary>
    public TimeSpan TimeoutForAttempt(int attempt)
    {
        double factor = Math.Pow(2, Math.Min(attempt, 30));
        var wait = TimeSpan.FromTicks((long)Math.Min(Timeout.Ticks * factor, MaximumTimeout.Ticks));
        return wait < Timeout ? Timeout : wait;
    }

    public static IReadOnlyList<NotificationTarget> FromOptions(NotificationOptions options, SecretResolver? secrets = null)
    {
        secrets ??= new SecretResolver();
        var targets = new List<NotificationTarget>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var target in options.Targets)
        {
            var built = FromOptions(target, secrets);
            if (!names.Add(built.Name)) throw new NotificationConfigurationException($"notification target '{built.Name}' is defined twice");
            targets.Add(built);
        }
        return targets;
    }

    public static NotificationTarget FromOptions(NotificationTargetOptions options, SecretResolver? secrets = null)
    {
        string name = string.IsNullOrWhiteSpace(options.Name) ? options.Address : options.Name;
        string who = $"notification target '{name}'";
        if (string.IsNullOrWhiteSpace(options.Address)) throw new NotificationConfigurationException($"{who}: Address is required");

        NotificationAddress address;
        try
        {
            address = NotificationAddress.Parse(options.Address);
        }
        catch (FormatException e)
        {
            throw new NotificationConfigurationException($"{who}: {e.Message}", e);
        }
        if (options.Timeout <= TimeSpan.Zero || options.Timeout > MaximumTimeout)
            throw new NotificationConfigurationException($"{who}: Timeout must be more than 0 and at most {MaximumTimeout.TotalSeconds} s");
        if (options.Retries is < 0 or > 20) throw new NotificationConfigurationException($"{who}: Retries must be 0..20");

        switch (options.Version.Trim().ToLowerInvariant())
        {
            case "2c" or "v2c":
                if (string.IsNullOrEmpty(options.Community)) throw new NotificationConfigurationException($"{who}: a v2c target needs a Community");
                if (options.User is not null) throw new NotificationConfigurationException($"{who}: User is for v3 targets; a v2c target uses Community");
                return new NotificationTarget(name, address, SnmpVersion.V2c, Encoding.UTF8.GetBytes(options.Community), null,
                    SecurityLevel.NoAuthNoPriv, options.Inform, options.Timeout, options.Retries);

            case "3" or "v3":
                if (options.User is null) throw new NotificationConfigurationException($"{who}: a v3 target needs a User");
                if (options.Community is not null) throw new NotificationConfigurationException($"{who}: Community is for v2c targets; a v3 target uses User");
                UsmUser user;
                try
                {
                    user = UsmUserStore.FromOptions([options.User], secrets: secrets).Users.Single();
                }
                catch (UsmConfigurationException e)
                {
                    throw new NotificationConfigurationException($"{who}: {e.Message}", e);
                }
                // UsmUserOptions.SecurityLevel, for a notification, is the level to send at (default: the most the protocols allow).
                return new NotificationTarget(name, address, SnmpVersion.V3, [], user, user.MinimumLevel, options.Inform, options.Timeout, options.Retries);

            default:
                throw new NotificationConfigurationException($"{who}: Version '{options.Version}' is not 2c or 3");
        }
    }

    public override string ToString() =>
        $"{Name} ({Address}, {(Version == SnmpVersion.V3 ? $"v3 {User!.Name} {SecurityLevel.ToConfigName()}" : "v2c")}, {(Inform ? "inform" : "trap")})";
}
