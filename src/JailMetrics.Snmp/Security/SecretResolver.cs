using System.Text;

namespace JailMetrics.Snmp.Security;

/// <summary>
/// Resolves a password given inline, as a file, or as an environment variable, and checks its
/// length. Errors name the user, the field and where the secret was looked for, never the secret.
/// </summary>
public sealed class SecretResolver(Func<string, string?>? getEnvironmentVariable = null)
{
    private readonly Func<string, string?> _getEnvironmentVariable = getEnvironmentVariable ?? Environment.GetEnvironmentVariable;

    /// <summary>
    /// The password's UTF-8 octets, or null when none of the three sources is set. Exactly one may be
    /// set. A file's or variable's trailing line break is dropped (editors and <c>echo</c> add one).
    /// </summary>
    /// <param name="field">The config name of the password, e.g. <c>AuthPassword</c>; the file and env fields are this plus "File"/"Env".</param>
    public byte[]? Resolve(string user, string field, string? inline, string? file, string? environmentVariable)
    {
        int given = (inline is null ? 0 : 1) + (file is null ? 0 : 1) + (environmentVariable is null ? 0 : 1);
        if (given == 0) return null;
        if (given > 1)
            throw new UsmConfigurationException($"SNMPv3 user '{user}': set only one of {field}, {field}File and {field}Env");

        string text;
        string source;
        if (inline is not null)
        {
            text = inline;
            source = field;
        }
        else if (file is not null)
        {
            source = $"{field}File '{file}'";
            try
            {
                text = TrimTrailingLineBreak(File.ReadAllText(file));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                throw new UsmConfigurationException($"SNMPv3 user '{user}': {source} cannot be read: {e.Message}", e);
            }
        }
        else
        {
            source = $"{field}Env '{environmentVariable}'";
            text = TrimTrailingLineBreak(_getEnvironmentVariable(environmentVariable!)
                ?? throw new UsmConfigurationException($"SNMPv3 user '{user}': {source}: the environment variable is not set"));
        }

        byte[] password = Encoding.UTF8.GetBytes(text);
        // RFC 3414 §11.2: at least 8 octets, and net-snmp refuses shorter ones too.
        if (password.Length < UsmKeyDerivation.MinimumPasswordLength)
            throw new UsmConfigurationException(
                $"SNMPv3 user '{user}': {source} is shorter than {UsmKeyDerivation.MinimumPasswordLength} octets (RFC 3414 §11.2)");
        return password;
    }

    private static string TrimTrailingLineBreak(string text) => text.TrimEnd('\r', '\n');
}
