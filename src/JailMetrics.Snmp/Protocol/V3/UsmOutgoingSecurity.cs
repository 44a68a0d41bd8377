using JailMetrics.Snmp.Security;

namespace JailMetrics.Snmp.Protocol.V3;

/// <summary>
/// How one outgoing message is protected by USM (RFC 3414 §3.1): the security level, the user, and
/// the <em>authoritative</em> engine's ID, boots and time that go into msgSecurityParameters and that
/// the user's keys are localized to. The authoritative engine is the receiver of a request or an
/// Inform, and the sender of a Response, Report or Trap (RFC 3414 §1.5.1 / RFC 3412 §6.1): so an
/// agent's responses and traps name its own engine, an Inform names the receiver's (learned by
/// discovery, <see cref="Discovery"/>). Immutable.
/// </summary>
public sealed class UsmOutgoingSecurity
{
    private UsmOutgoingSecurity(SecurityLevel level, byte[] userName, UsmUserKeys? keys, byte[] authoritativeEngineId, int boots, int time)
    {
        if (boots < 0 || time < 0) throw new ArgumentOutOfRangeException(nameof(boots), "engine boots and time are 0..2147483647 (RFC 3414 §2.2.1)");
        if (userName.Length > 32) throw new ArgumentException("msgUserName has at most 32 octets (RFC 3414 §2.4)", nameof(userName));
        if (authoritativeEngineId.Length > 32) throw new ArgumentException("an snmpEngineID has at most 32 octets (RFC 3411 §5)", nameof(authoritativeEngineId));
        Level = level;
        UserName = userName;
        Keys = keys;
        AuthoritativeEngineId = authoritativeEngineId;
        Boots = boots;
        Time = time;
    }

    /// <summary>
    /// The discovery probe (RFC 3414 §4): noAuthNoPriv, empty engineID and user name, boots and time
    /// 0. The authoritative engine answers with a usmStatsUnknownEngineIDs Report carrying its engineID,
    /// boots and time.
    /// </summary>
    public static UsmOutgoingSecurity Discovery { get; } = new(SecurityLevel.NoAuthNoPriv, [], null, [], 0, 0);

    public SecurityLevel Level { get; }

    public byte[] UserName { get; }

    /// <summary>The user's keys localized to <see cref="AuthoritativeEngineId"/>; null at noAuthNoPriv.</summary>
    public UsmUserKeys? Keys { get; }

    public byte[] AuthoritativeEngineId { get; }

    public int Boots { get; }

    public int Time { get; }

    /// <summary>
    /// A message from (or, for a response, to) <paramref name="user"/> at <paramref name="level"/>,
    /// which the user's protocols must support. Keys come from the user's cache (localized once per
    /// engine, RFC 3414 §2.6), so this costs no key derivation after the first message to an engine.
    /// </summary>
    public static UsmOutgoingSecurity For(UsmUser user, SecurityLevel level, byte[] authoritativeEngineId, int boots, int time)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (level > user.MaximumLevel)
            throw new ArgumentException($"user '{user.Name}' has no keys for {level.ToConfigName()}", nameof(level));
        var keys = level == SecurityLevel.NoAuthNoPriv ? null : user.KeysFor(authoritativeEngineId);
        return new UsmOutgoingSecurity(level, user.NameBytes, keys, authoritativeEngineId, boots, time);
    }

    /// <inheritdoc cref="For(UsmUser, SecurityLevel, byte[], int, int)"/>
    public static UsmOutgoingSecurity For(UsmUser user, SecurityLevel level, byte[] authoritativeEngineId, EngineClock clock) =>
        For(user, level, authoritativeEngineId, clock.Boots, clock.Time);

    /// <summary>
    /// noAuthNoPriv with any user name, known or not: what a USM error Report is sent with (RFC 3414
    /// §3.1 step 1 with securityLevel noAuthNoPriv; the name is echoed from the request).
    /// </summary>
    public static UsmOutgoingSecurity Unauthenticated(byte[] userName, byte[] authoritativeEngineId, int boots, int time) =>
        new(SecurityLevel.NoAuthNoPriv, userName, null, authoritativeEngineId, boots, time);

    /// <summary>msgFlags' auth and priv bits for <see cref="Level"/> (RFC 3412 §6.4).</summary>
    public MsgFlags LevelFlags => Level switch
    {
        SecurityLevel.AuthPriv => MsgFlags.Auth | MsgFlags.Priv,
        SecurityLevel.AuthNoPriv => MsgFlags.Auth,
        _ => MsgFlags.None,
    };

    /// <summary>Octets of msgAuthenticationParameters: the protocol's MAC length, or 0.</summary>
    public int MacLength => Level == SecurityLevel.NoAuthNoPriv ? 0 : Keys!.Authenticator!.MacLength;

    /// <summary>Octets of msgPrivacyParameters: 8 (the salt) when encrypting, else 0.</summary>
    public int PrivacyParametersLength => Level == SecurityLevel.AuthPriv ? PrivProtocol.PrivacyParametersLength : 0;

    /// <summary>
    /// Octets of the encryptedPDU for a ScopedPDU of <paramref name="plaintextLength"/> octets: DES pads
    /// to whole 8-octet blocks (RFC 3414 §8.1.1.2), CFB mode does not pad (RFC 3826 §3.1.3).
    /// </summary>
    public int CiphertextLength(int plaintextLength)
    {
        if (Level != SecurityLevel.AuthPriv) return plaintextLength;
        return ReferenceEquals(Keys!.Privacy, PrivProtocol.Des) ? Math.Max(8, (plaintextLength + 7) / 8 * 8) : plaintextLength;
    }

    public override string ToString() =>
        $"UsmOutgoingSecurity({Level.ToConfigName()}, engine {Convert.ToHexString(AuthoritativeEngineId)}, boots {Boots}, time {Time})";
}
