using System.Globalization;
using System.Net;
using JailMetrics.Snmp.Agent;
using JailMetrics.Snmp.Mib;
using Microsoft.Extensions.Options;

namespace JailMetrics.Service.Configuration;

/// <summary>
/// Checks the SNMP agent's settings at startup, naming each bad one by its key, flag and variable,
/// as the other validators do.
/// </summary>
public sealed class SnmpAgentOptionsValidator : IValidateOptions<SnmpAgentOptions>
{
    /// <summary>RFC 3417 §3: every SNMP entity accepts messages of at least 484 octets.</summary>
    public const int MinMessageSize = 484;

    /// <summary>The largest UDP payload over IPv4.</summary>
    public const int MaxMessageSize = 65507;

    private const string CommunitiesKey = $"{SnmpAgentOptions.Section}:{nameof(SnmpAgentOptions.Communities)}";

    public ValidateOptionsResult Validate(string? name, SnmpAgentOptions options)
    {
        if (!options.Enabled) return ValidateOptionsResult.Success;
        var failures = new ValidateOptionsResultBuilder();

        if (options.ListenAddresses.Count == 0)
            failures.AddError($"{Settings.SnmpListenAddresses.DisplayName}: give at least one address, or set {Settings.SnmpEnabled.Key} to false");
        foreach (string address in options.ListenAddresses)
            if (WhyNotEndpoint(address) is { } reason) failures.AddError($"{Settings.SnmpListenAddresses.DisplayName}: {reason}");
        if (options.ListenAddresses.Distinct(StringComparer.OrdinalIgnoreCase).Count() != options.ListenAddresses.Count)
            failures.AddError($"{Settings.SnmpListenAddresses.DisplayName}: an address is given twice");

        if (options.MaxMessageSize is < MinMessageSize or > MaxMessageSize)
            failures.AddError($"{Settings.SnmpMaxMessageSize.DisplayName}: {options.MaxMessageSize} is outside {MinMessageSize}..{MaxMessageSize}");

        ValidateCommunities(options.Communities, failures);

        if (options.MaxGetBulkRepetitions < 1)
            failures.AddError($"{SnmpAgentOptions.Section}:{nameof(SnmpAgentOptions.MaxGetBulkRepetitions)}: must be at least 1");
        try
        {
            if (Oid.Parse(options.SysObjectId).Length < 2) throw new FormatException("at least two sub-identifiers");
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            failures.AddError($"{SnmpAgentOptions.Section}:{nameof(SnmpAgentOptions.SysObjectId)}: '{options.SysObjectId}' is not an OID ({e.Message})");
        }
        return failures.Build();
    }

    private static void ValidateCommunities(List<SnmpCommunity> communities, ValidateOptionsResultBuilder failures)
    {
        if (communities.Count == 0) failures.AddError($"{CommunitiesKey}: give at least one community, or disable the agent");
        for (int i = 0; i < communities.Count; i++)
        {
            string key = $"{CommunitiesKey}:{i.ToString(CultureInfo.InvariantCulture)}";
            var community = communities[i];
            if (string.IsNullOrEmpty(community.Name)) failures.AddError($"{key}:Name: must not be empty");
            if (community.AllowedNetworks.Count == 0)
                failures.AddError($"{key}:AllowedNetworks: give at least one network (0.0.0.0/0 and ::/0 allow everyone)");
            foreach (string network in community.AllowedNetworks)
                if (!IPNetwork.TryParse(network.Trim(), out _))
                    failures.AddError($"{key}:AllowedNetworks: '{network}' is not a network in CIDR notation (127.0.0.0/8, ::1/128)");
        }
        if (communities.Select(c => c.Name).Distinct(StringComparer.Ordinal).Count() != communities.Count)
            failures.AddError($"{CommunitiesKey}: a community name is given twice");
    }

    /// <summary>Null when <paramref name="text"/> is IPv4:port or [IPv6]:port, else why not.</summary>
    private static string? WhyNotEndpoint(string text)
    {
        int colon = text.LastIndexOf(':');
        bool bracketed = text.StartsWith('[');
        if (colon < 0 || (bracketed && text[colon - 1] != ']') || (!bracketed && text.IndexOf(':') != colon))
            return $"'{text}' must be IPv4:port or [IPv6]:port (an IP address, not a host name, and a port)";
        if (!IPEndPoint.TryParse(text, out _) || !ushort.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out _))
            return $"'{text}' is not an IP address and a port 0..65535";
        return null;
    }
}
