namespace JailMetrics.Snmp.Protocol.V3;

/// <summary>
/// UsmSecurityParameters (RFC 3414 §2.4), as decoded from msgSecurityParameters. Lengths are
/// checked by the decoder only as far as the syntax goes (engineID and user name at most 32
/// octets, boots and time 0..2³¹−1); whether the MAC and salt have the right size for the user
/// is the USM's business (RFC 3414 §3.2 steps 6 and 8).
/// </summary>
public sealed class UsmSecurityParameters
{
    public UsmSecurityParameters(byte[] authoritativeEngineId, int authoritativeEngineBoots, int authoritativeEngineTime,
        byte[] userName, byte[] authenticationParameters, byte[] privacyParameters, int authenticationParametersOffset)
    {
        AuthoritativeEngineId = authoritativeEngineId;
        AuthoritativeEngineBoots = authoritativeEngineBoots;
        AuthoritativeEngineTime = authoritativeEngineTime;
        UserName = userName;
        AuthenticationParameters = authenticationParameters;
        PrivacyParameters = privacyParameters;
        AuthenticationParametersOffset = authenticationParametersOffset;
    }

    /// <summary>msgAuthoritativeEngineID: empty in a discovery request (RFC 3414 §4).</summary>
    public byte[] AuthoritativeEngineId { get; }

    public int AuthoritativeEngineBoots { get; }

    public int AuthoritativeEngineTime { get; }

    /// <summary>msgUserName: raw octets, matched exactly.</summary>
    public byte[] UserName { get; }

    /// <summary>msgAuthenticationParameters: the truncated HMAC, or empty when not authenticated.</summary>
    public byte[] AuthenticationParameters { get; }

    /// <summary>msgPrivacyParameters: the 8-octet salt, or empty when not encrypted.</summary>
    public byte[] PrivacyParameters { get; }

    /// <summary>
    /// Where the contents of msgAuthenticationParameters start in the whole message, for
    /// <see cref="Security.Authenticator.Verify"/> (RFC 3414 §6.3.2 step 2 zeroes exactly those octets).
    /// </summary>
    public int AuthenticationParametersOffset { get; }
}
