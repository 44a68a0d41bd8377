using JailMetrics.Snmp.Mib;

namespace JailMetrics.Snmp.AgentX;

/// <summary><see cref="AgentXOptions"/> checked and parsed once, in the form a session uses.</summary>
internal sealed record AgentXSessionSettings(
    AgentXMasterAddress Master,
    IReadOnlyList<Oid> Subtrees,
    TimeSpan Timeout,
    TimeSpan PingInterval,
    string Description)
{
    /// <exception cref="ArgumentException">an option is out of range or unparsable; the message names it.</exception>
    public static AgentXSessionSettings From(AgentXOptions options)
    {
        AgentXMasterAddress master;
        try
        {
            master = AgentXMasterAddress.Parse(options.Master);
        }
        catch (FormatException e)
        {
            throw new ArgumentException($"{AgentXOptions.Section}:{nameof(AgentXOptions.Master)}: {e.Message}", nameof(options), e);
        }

        if (options.Subtrees.Count == 0)
            throw new ArgumentException($"{AgentXOptions.Section}:{nameof(AgentXOptions.Subtrees)} is empty: there is nothing to register", nameof(options));
        var subtrees = new List<Oid>(options.Subtrees.Count);
        foreach (string text in options.Subtrees)
        {
            Oid subtree;
            try
            {
                subtree = Oid.Parse(text);
            }
            catch (FormatException e)
            {
                throw new ArgumentException($"{AgentXOptions.Section}:{nameof(AgentXOptions.Subtrees)}: {e.Message}", nameof(options), e);
            }
            if (subtree.Length == 0) throw new ArgumentException($"{AgentXOptions.Section}:{nameof(AgentXOptions.Subtrees)}: the empty OID is not a subtree", nameof(options));
            subtrees.Add(subtree);
        }

        RequirePositive(options.Timeout, nameof(AgentXOptions.Timeout));
        RequirePositive(options.PingInterval, nameof(AgentXOptions.PingInterval));
        RequirePositive(options.ReconnectMin, nameof(AgentXOptions.ReconnectMin));
        if (options.ReconnectMax < options.ReconnectMin)
            throw new ArgumentException($"{AgentXOptions.Section}:{nameof(AgentXOptions.ReconnectMax)} ({options.ReconnectMax}) is below {nameof(AgentXOptions.ReconnectMin)} ({options.ReconnectMin})", nameof(options));

        return new AgentXSessionSettings(master, subtrees, options.Timeout, options.PingInterval, options.Description);
    }

    /// <summary>o.timeout for Open (RFC 2741 §6.2.1): whole seconds in one octet; 0 would mean "the master's default", so at least 1.</summary>
    public byte TimeoutSeconds => (byte)Math.Clamp(Math.Ceiling(Timeout.TotalSeconds), 1, byte.MaxValue);

    private static void RequirePositive(TimeSpan value, string name)
    {
        if (value <= TimeSpan.Zero) throw new ArgumentException($"{AgentXOptions.Section}:{name} must be positive, not {value}", nameof(value));
    }
}
