namespace JailMetrics.Snmp.Protocol.V3;

/// <summary>Syntax limits of SNMPv3 message fields.</summary>
public static class SnmpV3Limits
{
    /// <summary>msgMaxSize ::= INTEGER (484..2147483647) (RFC 3412 §6).</summary>
    public const int MinMessageSize = 484;

    /// <summary>SnmpEngineID ::= OCTET STRING (SIZE(5..32)) (RFC 3411 §5); empty is allowed in msgAuthoritativeEngineID for discovery.</summary>
    public const int MaxEngineIdLength = 32;

    /// <summary>msgUserName ::= OCTET STRING (SIZE(0..32)) (RFC 3414 §2.4).</summary>
    public const int MaxUserNameLength = 32;

    /// <summary>contextName is an SnmpAdminString (SIZE(0..32)) (RFC 3411 §5, RFC 3412 §6.8).</summary>
    public const int MaxContextNameLength = 32;
}
